// Seeds 15001..20000 of the deterministic simulator (npm test runs 20,000 in four files).
import { swarmTest } from './swarm-runner.js';

swarmTest(15001, 5000);
