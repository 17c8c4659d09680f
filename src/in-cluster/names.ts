import { Names } from 'cdk8s';
import { IConstruct } from 'constructs';
import { DNS1035_LABEL, DNS1123_LABEL, DNS1123_SUBDOMAIN, invalid } from '../model/validation';

/**
 * The name of an object: the one given, checked, or one derived from the construct id.
 *
 * Construct ids are free text (`Nightly`, `shop_web`), object names are DNS names: an id is lower-cased
 * and every run of other characters becomes `-`, so ids that differ only in case or punctuation give the
 * same name. An id with nothing usable left is refused with the construct path.
 * @internal
 */
export function objectName(scope: IConstruct, explicit: unknown, id: string, maxLength = 63): string {
  if (explicit !== undefined) {
    if (typeof explicit !== 'string' || explicit.length > maxLength || !DNS1123_SUBDOMAIN.test(explicit)) {
      throw invalid('HK-OBJECT-NAME', scope, 'name', explicit, `expected a lower-case DNS name (RFC 1123) of at most ${maxLength} characters`);
    }
    return explicit;
  }
  const derived = id.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, maxLength).replace(/^-+|-+$/g, '');
  if (!DNS1123_LABEL.test(derived)) {
    throw invalid('HK-OBJECT-NAME', scope, 'name', id, 'the construct id gives no valid object name (letters or digits are needed); pass name');
  }
  return derived;
}

/** Refuses anything but a list of strings, so that a single string is not read character by character. @internal */
export function stringList(scope: IConstruct, field: string, value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw invalid('HK-OBJECT-NAME', scope, field, value, 'expected a list of strings, e.g. ["shop"]');
  }
  return [...value];
}

/**
 * The name cdk8s gives the object of a child construct (`<chart>-<id>-<child>` in a chart without name
 * hashes), made a DNS-1035 label where cdk8s leaves characters Kubernetes refuses: cdk8s keeps `_` and
 * `.` (`shop_site`) and leading digits, which no Service name may have. Valid names are kept as they are,
 * so objects already applied keep their names. `child` is a word (`service`), so a name is always left.
 * @internal
 */
export function childObjectName(scope: IConstruct, child: string): string {
  const generated = Names.toDnsLabel(scope, { includeHash: false, extra: [child] });
  if (DNS1035_LABEL.test(generated)) return generated;
  return generated.replace(/[^a-z0-9]+/g, '-').replace(/^[^a-z]+/, '').replace(/-+$/, '');
}
