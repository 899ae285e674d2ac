// Seeds 1..5000 of the deterministic simulator (npm test runs 20,000 in four files).
import { swarmTest } from './swarm-runner.js';

swarmTest(1, 5000);
