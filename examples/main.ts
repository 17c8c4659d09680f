/**
 * `npm run synth:example`: synthesizes the example app to dist/ and the lab example to dist/lab/; each
 * `HikubeApp` prints its warnings.
 */
import { synthExample } from './app';
import { synthLab } from './lab';

synthExample('dist');
synthLab('dist/lab');
