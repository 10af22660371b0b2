// List users, oldest first.
import type { AppDeps } from '../../deps';
import { prepared } from '../../db/prepared';
import { toUserView, type UserView } from './view';

export async function listUsers(deps: AppDeps): Promise<UserView[]> {
  const rows = await prepared(deps.db).usersOrdered.all();
  return rows.map(toUserView);
}
