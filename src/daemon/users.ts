// Users for scripts (script_user, vrrp_scripts' user): uid and gid from /etc/passwd.
import { readFileSync } from 'node:fs';

export interface UserIds {
  uid: number;
  gid: number;
}

/** uid and gid of a user name (or a numeric uid), or null when unknown. */
export function userIds(user: string, passwd = '/etc/passwd'): UserIds | null {
  let text: string;
  try {
    text = readFileSync(passwd, 'utf8');
  } catch {
    return null;
  }
  for (const line of text.split('\n')) {
    const [name, , uid, gid] = line.split(':');
    if (uid === undefined || gid === undefined) continue;
    if (name === user || uid === user) return { uid: Number(uid), gid: Number(gid) };
  }
  return null;
}
