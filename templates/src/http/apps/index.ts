// The fake_app presets (DECNET's wordpress, phpmyadmin, tomcat, jenkins).
import type { FakeApp as FakeAppName } from '../config';
import { jenkins } from './jenkins';
import { phpmyadmin } from './phpmyadmin';
import { tomcat } from './tomcat';
import type { FakeApp } from './types';
import { wordpress } from './wordpress';

export const FAKE_APP_HANDLERS: Record<FakeAppName, FakeApp> = { wordpress, phpmyadmin, tomcat, jenkins };
export type { AppEnv, AppResult, FakeApp, SiteRequest } from './types';
