import 'reflect-metadata';
import { AppConfig } from '../config/app-config';
import { createDataSource, dataSourceSettings } from './data-source';

/**
 * The data source the TypeORM CLI uses (npm run migration:*): the same settings as
 * the app — DATABASE_URL, or the embedded database in TELEFLOW_DATA_DIR.
 */
process.env.TELEFLOW_DEMO ??= 'true'; // no JWT secret is needed to migrate
export default createDataSource(dataSourceSettings(AppConfig.fromEnv()));
