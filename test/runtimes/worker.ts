/** workerd side of test/runtimes.test.ts: the vector app as a Worker's default export. */
import { app } from './vector-app';

export default app;
