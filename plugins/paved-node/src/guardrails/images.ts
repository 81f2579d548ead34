import { Finding } from './podSecurity';
import { PodTemplate } from './podTemplates';

/** Splits an image reference into registry host, repository, tag and digest. */
export function parseImage(image: string): {
  registry: string;
  tag?: string;
  digest?: string;
} {
  const [withoutDigest, digest] = image.split('@', 2);
  const slash = withoutDigest.indexOf('/');
  const first = slash >= 0 ? withoutDigest.slice(0, slash) : '';
  const hasRegistry =
    slash >= 0 &&
    (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = hasRegistry ? first : 'docker.io';
  const rest = hasRegistry ? withoutDigest.slice(slash + 1) : withoutDigest;
  const colon = rest.lastIndexOf(':');
  const tag = colon >= 0 ? rest.slice(colon + 1) : undefined;
  return { registry, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}

/** Image tags and registries. */
export function checkImages(
  template: PodTemplate,
  options: { forbidLatestTag: boolean; allowedRegistries: string[] },
): Finding[] {
  const findings: Finding[] = [];
  const check = (key: 'containers' | 'initContainers') =>
    (template.spec[key] ?? []).forEach((c, i) => {
      const path = `${template.path}.${key}[${i}].image`;
      if (!c.image) {
        findings.push({
          rule: 'images.tag',
          path,
          message: `container "${c.name}" names no image`,
          fix: 'set image to a tagged reference, e.g. registry.example.com/app:1.2.3',
        });
        return;
      }
      const ref = parseImage(c.image);
      if (
        options.forbidLatestTag &&
        !ref.digest &&
        (!ref.tag || ref.tag === 'latest')
      ) {
        findings.push({
          rule: 'images.tag',
          path,
          message: `image "${c.image}" ${
            ref.tag ? 'uses the tag latest' : 'has no tag'
          }, so what runs can change without a deploy`,
          fix: 'pin a version tag (e.g. :1.4.2) or a digest (@sha256:…)',
        });
      }
      if (
        options.allowedRegistries.length > 0 &&
        !options.allowedRegistries.includes(ref.registry)
      ) {
        findings.push({
          rule: 'images.registry',
          path,
          message: `image "${c.image}" comes from ${ref.registry}, which is not an allowed registry`,
          fix: `use an image from ${options.allowedRegistries.join(', ')}`,
        });
      }
    });
  check('initContainers');
  check('containers');
  return findings;
}
