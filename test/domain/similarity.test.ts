import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findSimilar, normalizeText, similarity, titleCore } from "../../src/domain/similarity";

describe("normalizeText", () => {
  it.each([
    ["关于加强农村饮水安全的建议。", "关于加强农村饮水安全的建议"],
    ["「关于」，加强、农村！（饮水）？", "关于加强农村饮水"],
    ["《条例》——“落实”…", "条例落实"],
    ["  Rural  Water\tSafety! ", "ruralwatersafety"],
    ["ＡＢＣ１２３", "abc123"], // full-width letters and digits
    ["养老 ＋ 医疗 😀", "养老医疗"],
    ["", ""],
  ])("%j → %j", (input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });
});

describe("titleCore", () => {
  it.each([
    ["关于加强农村饮水安全的建议", "加强农村饮水安全"],
    ["关于加快老旧小区改造的意见", "加快老旧小区改造"],
    ["关于规范校外培训的对策建议", "规范校外培训"],
    ["农村养老问题的思考", "农村养老问题"],
    ["建议", "建议"], // nothing left: keep the title
    ["Improve rural water", "improveruralwater"],
  ])("%j → %j", (title, expected) => {
    expect(titleCore(title)).toBe(expected);
  });
});

describe("similarity", () => {
  it.each([
    ["identical", "关于加强农村饮水安全的建议", "关于加强农村饮水安全的建议", 1],
    [
      "identical up to punctuation and spaces",
      "关于加强农村饮水安全的建议。",
      " 关于加强农村 饮水安全的建议",
      1,
    ],
    ["empty", "", "", 0],
    ["one empty", "关于加强农村饮水安全的建议", "", 0],
    ["only punctuation", "。。。", "！！", 0],
    ["single equal characters", "水", "水", 1],
    ["single different characters", "水", "火", 0],
    ["English, same words", "Improve rural water safety", "improve rural water safety.", 1],
  ])("%s", (_name, a, b, expected) => {
    expect(similarity(a, b)).toBe(expected);
  });

  it.each([
    ["a few characters differ", "关于加强农村饮水安全的建议", "关于加强农村饮用水安全的建议", 0.8],
    ["one extra word", "关于加快推进老旧小区改造的建议", "关于加快推进城镇老旧小区改造的建议", 0.8],
    [
      "English, small difference",
      "Improve rural drinking water safety",
      "Improving rural drinking water safety",
      0.8,
    ],
  ])("similar: %s", (_name, a, b, atLeast) => {
    expect(similarity(a, b)).toBeGreaterThanOrEqual(atLeast);
  });

  it.each([
    ["different topics", "关于加强农村饮水安全的建议", "关于规范校外培训机构收费的建议", 0.35],
    ["different topics, short", "加强养老服务", "加强学前教育", 0.25],
    ["English, different topics", "Improve rural water safety", "Regulate private tutoring fees", 0.3],
  ])("not similar: %s", (_name, a, b, below) => {
    expect(similarity(a, b)).toBeLessThan(below);
  });

  it("is symmetric and within 0..1", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const s = similarity(a, b);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        expect(similarity(b, a)).toBe(s);
      }),
    );
  });
});

describe("findSimilar", () => {
  const others = [
    { id: 1, title: "关于加强农村饮用水安全的建议", body: "" },
    { id: 2, title: "关于规范校外培训机构收费的建议", body: "" },
    { id: 3, title: "关于加强农村饮水安全的建议", body: "" },
    { id: 4, title: "关于加强养老服务的建议", body: "" },
    {
      id: 5,
      title: "关于解决山区群众吃水难问题的建议",
      body: "我县部分山区村组供水设施老化，水源不稳定，群众饮水安全得不到保障。建议加大投入，改造管网。",
    },
  ];

  it("finds near-duplicate titles, most similar first", () => {
    const matches = findSimilar({ title: "关于加强农村饮水安全的建议", body: "" }, others);
    expect(matches.map((m) => m.id)).toEqual([3, 1]);
    expect(matches[0]).toEqual({ id: 3, score: 1, titleScore: 1, bodyScore: 0 });
    expect(matches[1]!.titleScore).toBeGreaterThan(0.6);
  });

  it("does not match titles that only share the 关于……的建议 frame", () => {
    const matches = findSimilar({ title: "关于加强学前教育的建议", body: "" }, others);
    expect(matches).toEqual([]);
  });

  it("matches on the body when the titles differ", () => {
    const matches = findSimilar(
      {
        title: "山区供水问题亟待解决",
        body: "我县部分山区村组供水设施老化、水源不稳定，群众饮水安全得不到保障。建议加大投入，改造供水管网。",
      },
      others,
    );
    expect(matches.map((m) => m.id)).toEqual([5]);
    expect(matches[0]!.bodyScore).toBeGreaterThanOrEqual(0.5);
    expect(matches[0]!.titleScore).toBeLessThan(0.6);
  });

  it("honours custom thresholds", () => {
    const candidate = { title: "关于加强农村饮水安全的建议", body: "" };
    expect(findSimilar(candidate, others, { titleThreshold: 0.99 }).map((m) => m.id)).toEqual([3]);
    expect(findSimilar(candidate, others, { titleThreshold: 0 }).map((m) => m.id)).toHaveLength(5);
  });

  it("breaks ties by id", () => {
    const same = [
      { id: 9, title: "关于整治校园周边交通的建议", body: "" },
      { id: 2, title: "关于整治校园周边交通的建议", body: "" },
    ];
    expect(findSimilar({ title: "关于整治校园周边交通的建议", body: "" }, same).map((m) => m.id)).toEqual([
      2, 9,
    ]);
  });

  it("finds nothing among no reports or for an empty candidate", () => {
    expect(findSimilar({ title: "关于加强农村饮水安全的建议", body: "正文" }, [])).toEqual([]);
    expect(findSimilar({ title: "", body: "" }, others)).toEqual([]);
  });
});
