export { canonicalJson } from '../../../src/domain/canonical-json';
