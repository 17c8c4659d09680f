/** `npm run synth:example`: synthesizes the example app to dist/ and prints the cluster's warnings. */
import { synthExample } from './app';

for (const warning of synthExample('dist')) process.stderr.write(`warning: ${warning}\n`);
