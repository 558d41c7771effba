/** genesys-chat/react in a React 19 app (the root tree's React). */
import { reactSuite } from './react-suite.js';

reactSuite('react19', 19);
