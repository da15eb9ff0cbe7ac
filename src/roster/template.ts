// The roster template an office fills in and sends back: the headers the parser reads, drop-down lists for
// 身份 and 单位类型, two example rows the parser skips (their names start with 示例), and a sheet explaining
// each column. Its words are the parser's own (src/roster/parse.ts), so the template is Chinese in every locale.

/** Rows whose name starts with this are examples: the parser skips them, so a template sent back as is imports nothing. */
export const EXAMPLE_NAME_PREFIX = "示例";

export const TEMPLATE_ROLES = ["委员", "常委", "特邀信息员", "工作人员", "领导", "管理员"] as const;
export const TEMPLATE_UNIT_TYPES = ["民主党派", "工商联", "专委会", "界别", "镇街", "其他"] as const;

const HEADERS = ["姓名", "身份", "单位", "单位类型", "电话"] as const;
/** Rows offered with drop-down lists: more than a county's roster needs (a few hundred people). */
const FILLABLE_ROWS = 2000;

const EXPLANATIONS: readonly (readonly [string, string, string])[] = [
  ["姓名", "必填", "本人姓名，最多 50 字。同一单位内不能重名；以“示例”开头的行不会导入。"],
  ["身份", "必填，从下拉列表选择", TEMPLATE_ROLES.join("、")],
  ["单位", "必填", "所属单位或界别，例如 民革、工商联、教育界、城关镇政协工作室。单位不存在时自动创建。"],
  ["单位类型", "可不填（默认“其他”），从下拉列表选择", TEMPLATE_UNIT_TYPES.join("、")],
  ["电话", "可不填", "手机或座机号码，只作联系用。"],
];

export async function rosterTemplateXlsx(committeeName: string): Promise<Uint8Array> {
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  workbook.creator = committeeName;
  const sheet = workbook.addWorksheet("名单");
  sheet.columns = [
    { width: 14 },
    { width: 14 },
    { width: 24 },
    { width: 14 },
    { width: 16, style: { numFmt: "@" } },
  ];
  sheet.addRow([...HEADERS]).font = { bold: true };
  sheet.addRow([`${EXAMPLE_NAME_PREFIX}张三`, "委员", "民革", "民主党派", "13800000000"]);
  sheet.addRow([`${EXAMPLE_NAME_PREFIX}李四`, "特邀信息员", "城关镇政协工作室", "镇街", ""]);
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  const list = (values: readonly string[]) => ({
    type: "list" as const,
    allowBlank: true,
    formulae: [`"${values.join(",")}"`],
    showErrorMessage: true,
    errorTitle: "请从列表中选择",
    error: `可选：${values.join("、")}`,
  });
  for (let row = 2; row <= FILLABLE_ROWS + 1; row++) {
    sheet.getCell(row, 2).dataValidation = list(TEMPLATE_ROLES);
    sheet.getCell(row, 4).dataValidation = list(TEMPLATE_UNIT_TYPES);
  }

  const help = workbook.addWorksheet("填写说明");
  help.columns = [{ width: 12 }, { width: 30 }, { width: 70 }];
  help.addRow([`${committeeName}名单填写说明`]).font = { bold: true, size: 14 };
  help.addRow([]);
  help.addRow(["列", "是否必填", "说明"]).font = { bold: true };
  for (const line of EXPLANATIONS) help.addRow([...line]);
  help.addRow([]);
  help.addRow(["", "", "填好“名单”页后，把这个文件直接发给机器人即可导入；再次发送会更新已有人员。"]);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
