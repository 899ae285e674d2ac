// Seeds 5001..10000 of the deterministic simulator (npm test runs 20,000 in four files).
import { swarmTest } from './swarm-runner.js';

swarmTest(5001, 5000);
