// The API surface the pages use, bound to the app's session-aware client.
import { api } from '../auth/session';
import { authApi, usersApi } from './auth-api';
import { fleetApi } from './fleet-api';
import { fleetControlApi } from './fleet-control-api';
import { intelApi } from './intel-api';
import { topologyApi } from './topology-api';

export const Auth = authApi(api);
export const Users = usersApi(api);
export const Fleet = fleetApi(api);
export const FleetControl = fleetControlApi(api);
export const Intel = intelApi(api);
export const Topologies = topologyApi(api);
export { ApiError } from './client';
