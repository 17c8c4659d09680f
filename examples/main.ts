/** `npm run synth:example`: synthesizes the example app to dist/; its `HikubeApp` prints the warnings. */
import { synthExample } from './app';

synthExample('dist');
