import { Foundation1764100000000 } from './1764100000000-Foundation';

/** Every migration, oldest first. A new one is appended here (and generated with npm run migration:generate). */
export const MIGRATIONS = [Foundation1764100000000];
