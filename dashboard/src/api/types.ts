// Shapes of the control plane's /api/v1 responses as the dashboard reads them: the zod schemas'
// types from @decnet/protocol (the same schemas the routes' OpenAPI document is built from), imported
// as types only (the dashboard never imports protocol's runtime). Dashboard names kept as aliases.
export type {
  Artifact, Catalogue, CatalogueArchetype, CatalogueService, AttackerDetail, AttackerPage, AttackerProfile, AttackerSummary, AuthSession as Session, Credential, CredentialPage,
  CredentialReuse, CredentialReuseList, Decky, DeckyList, DeckyReported, DeployResult, DeployWarning, EnrollmentToken, EventPage,
  EventView as EventItem, Histogram, HistogramBucket, Host, HostList, HostStatus, Role, ServiceConfig, SessionPage,
  AttackSession as SessionItem, Stats, StreamTicket, User, UserList,
} from '@decnet/protocol';
