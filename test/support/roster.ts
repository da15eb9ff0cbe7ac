// A small roster used across tests, and a helper that binds people by their invite codes.
import type { ChatUser, Harness } from "./harness";

export const BASIC_ROSTER = `姓名,身份,单位,单位类型,手机
张明,常委,民建县委会,民主党派,13800000001
李华,委员,民建县委会,民主党派,13800000002
王芳,特邀信息员,经济界,界别,13800000003
陈静,工作人员,县政协办公室,其他,13800000005
刘洋,管理员,县政协办公室,其他,13800000006
孙伟,领导,县政协办公室,其他,
`;

/** Imports BASIC_ROSTER and binds: 101 张明 (standing), 102 李华 (member), 103 王芳 (informant), 200 陈静 (staff), 300 刘洋 (admin), 400 孙伟 (leader). */
export async function seedBasicRoster(h: Harness) {
  await h.importRosterCsv(BASIC_ROSTER);
  const bind = async (id: number, name: string, languageCode = "zh-hans"): Promise<ChatUser> => {
    const user = h.user(id, { firstName: name, languageCode });
    await user.send(`/start ${await h.inviteCodeOf(name)}`);
    return user;
  };
  return {
    standing: await bind(101, "张明"),
    member: await bind(102, "李华"),
    informant: await bind(103, "王芳"),
    staff: await bind(200, "陈静"),
    admin: await bind(300, "刘洋"),
    leader: await bind(400, "孙伟"),
  };
}
