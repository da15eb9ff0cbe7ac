import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  comparedText,
  estimateJaccard,
  findSimilar,
  maySimilar,
  normalizeText,
  reportSignatures,
  signaturesFor,
  signText,
  similarity,
  titleCore,
} from "../../src/domain/similarity";

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

/** Deterministic Chinese-like text: common characters drawn by a seeded generator. */
function textMaker(seed: number) {
  const pool = Array.from(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞",
  );
  let state = seed >>> 0 || 1;
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  const text = (length: number) =>
    Array.from({ length }, () => pool[Math.floor(next() * pool.length)]).join("");
  /** Deletes, replaces or inserts characters at about `rate` of the positions. */
  const mutate = (original: string, rate: number) =>
    Array.from(original)
      .flatMap((c) => {
        const r = next();
        if (r < rate / 3) return [];
        if (r < (2 * rate) / 3) return [text(1)];
        return r < rate ? [c, text(1)] : [c];
      })
      .join("");
  return { next, text, mutate };
}

describe("signatures narrow the search without losing a match", () => {
  it("every pair findSimilar reports passes the signature prefilter (2,000 edited copies)", () => {
    const { next, text, mutate } = textMaker(20261122);
    let matches = 0;
    for (let i = 0; i < 2000; i++) {
      const title = `关于${text(4 + Math.floor(next() * 12))}的建议`;
      const body = text(40 + Math.floor(next() * 1500));
      const rate = next() * 0.6;
      const other = {
        id: i,
        title: next() < 0.5 ? mutate(title, rate) : `关于${text(8)}的建议`,
        body: mutate(body, rate),
      };
      if (findSimilar({ title, body }, [other]).length === 0) continue;
      matches++;
      expect(maySimilar(reportSignatures({ title, body }), reportSignatures(other)), `pair ${i}`).toBe(true);
    }
    // The edit rates span the thresholds: many pairs match, many do not.
    expect(matches).toBeGreaterThan(500);
    expect(matches).toBeLessThan(1900);
  });

  it("lets few unrelated reports through to the exact comparison", () => {
    const { next, text } = textMaker(7);
    const report = () => ({
      title: `关于${text(4 + Math.floor(next() * 12))}的建议`,
      body: text(200 + Math.floor(next() * 1300)),
    });
    let through = 0;
    for (let i = 0; i < 1000; i++)
      if (maySimilar(reportSignatures(report()), reportSignatures(report()))) through++;
    expect(through).toBeLessThan(50);
  });

  it("estimates identical texts as 1 and disjoint ones as about 0", () => {
    const a = reportSignatures({ title: "关于加强农村饮水安全的建议", body: "农村饮水安全问题突出" });
    const b = reportSignatures({ title: "关于加强农村饮水安全的建议", body: "农村饮水安全问题突出" });
    const c = reportSignatures({ title: "Rural roads", body: "Potholes everywhere in the county" });
    expect(estimateJaccard(a.title, b.title)).toBe(1);
    expect(estimateJaccard(a.body, b.body)).toBe(1);
    expect(estimateJaccard(a.body, c.body)).toBeLessThan(0.1);
  });
});

describe("a checked draft's signatures", () => {
  const draft = {
    title: "关于加强农村饮水安全管理的建议",
    situation: "部分村庄饮水设施老化。",
    analysis: null,
    suggestions: "建议定期检测。",
  };

  it("compare the title and the three sections as one body, as a report's", () => {
    expect(comparedText(draft)).toEqual({
      title: "关于加强农村饮水安全管理的建议",
      body: "部分村庄饮水设施老化。\n\n建议定期检测。",
    });
  });

  it("are the report's when its text is the same, and made anew when the text changed after the check", () => {
    const signed = signText(comparedText(draft));
    expect(signed.signatures).toEqual(reportSignatures(comparedText(draft)));
    expect(signaturesFor(comparedText(draft), signed)).toBe(signed.signatures);
    const edited = comparedText({ ...draft, suggestions: "建议公开检测结果。" });
    const fresh = signaturesFor(edited, signed);
    expect(fresh).not.toBe(signed.signatures);
    expect(fresh).toEqual(reportSignatures(edited));
    expect(signaturesFor(edited)).toEqual(reportSignatures(edited));
  });
});
