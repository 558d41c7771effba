/** genesys-chat/react in a React 18 app (react@18.3.1, installed on first use; see bundle-plugin.mjs). */
import { reactSuite } from './react-suite.js';

reactSuite('react18', 18);
