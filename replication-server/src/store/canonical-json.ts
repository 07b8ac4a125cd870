export { canonicalJson, canonicallyEqual } from '../../../src/domain/canonical-json';
