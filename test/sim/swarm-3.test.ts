// Seeds 10001..15000 of the deterministic simulator (npm test runs 20,000 in four files).
import { swarmTest } from './swarm-runner.js';

swarmTest(10001, 5000);
