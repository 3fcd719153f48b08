import type { ProtoDocumentData } from '../../discover/proto/adapter.js';
import { defineMessages } from '../messages.js';
import type { Rule } from '../types.js';
import { isVendoredProto } from './lib/grpc-shared.js';

const { messages, say } = defineMessages({
  unversionedPackage:
    'Package `{{package}}` ({{file}}) has no version segment; services {{services}} cannot evolve side by side',
  noPackage: '{{file}} declares services {{services}} without a package',
});

const VERSION = /^v\d+((alpha|beta|test)\d*)?$/;

export const grpcPackageVersioned: Rule = {
  id: 'api/grpc-package-versioned',
  area: 'api',
  severity: 'medium',
  title: 'Proto packages carry a major version (`acme.orders.v1`)',
  messages,
  rationale:
    'The package is part of every fully-qualified message and service name on the wire (`/acme.orders.v1.OrderService/Get`). ' +
    'Without a version segment there is no way to ship a breaking v2 beside v1 while clients migrate: every incompatible change ' +
    'has to be made in place, in lockstep with every caller.',
  references: [
    'buf lint PACKAGE_VERSION_SUFFIX and PACKAGE_DEFINED (https://buf.build/docs/lint/rules/#package_version_suffix)',
    'Google AIP-185 API versioning (https://google.aip.dev/185)',
    'Google AIP-191 File and directory structure (https://google.aip.dev/191)',
  ],
  recommendation:
    'Declare a package whose last segment is the major version, and keep the file under a matching directory.',
  fix: {
    description: 'Add a versioned package (and move the file to the matching directory).',
    language: 'proto',
    snippet: 'syntax = "proto3";\n\npackage acme.orders.v1;  // file: acme/orders/v1/orders.proto',
  },
  examples: {
    fail: {
      description: 'A service in an unversioned package',
      files: {
        'protos/shop.proto':
          'syntax = "proto3";\npackage shop;\n\nservice CartService {\n  rpc GetCart(GetCartRequest) returns (GetCartResponse);\n}\nmessage GetCartRequest { string user_id = 1; }\nmessage GetCartResponse { repeated string items = 1; }\n',
      },
      findings: [
        {
          at: 'protos/shop.proto:2',
          messageId: 'unversionedPackage',
          message:
            'Package `shop` (protos/shop.proto) has no version segment; services CartService cannot evolve side by side',
        },
      ],
    },
    pass: {
      description: 'The same service in `shop.cart.v1`',
      files: {
        'protos/shop/cart/v1/cart.proto':
          'syntax = "proto3";\npackage shop.cart.v1;\n\nservice CartService {\n  rpc GetCart(GetCartRequest) returns (GetCartResponse);\n}\nmessage GetCartRequest { string user_id = 1; }\nmessage GetCartResponse { repeated string items = 1; }\n',
      },
    },
  },
  check(_model, ctx) {
    const findings = [];
    let checked = 0;
    for (const { kind, document } of ctx.documents) {
      if (kind !== 'proto') continue;
      const data = document.data as ProtoDocumentData;
      if (data.services.length === 0) continue; // message-only files follow their importers' versioning
      checked++;
      const pkg = data.package;
      if (pkg && isVendoredProto(`${pkg}.`)) continue;
      const versioned = pkg?.split('.').some((seg) => VERSION.test(seg));
      if (versioned) continue;
      const suggestion = pkg ? `${pkg}.v1` : 'acme.<domain>.v1';
      findings.push({
        ...(pkg
          ? say.unversionedPackage({ package: pkg, file: document.file, services: data.services.join(', ') })
          : say.noPackage({ file: document.file, services: data.services.join(', ') })),
        locations: [document.locate(['package'])],
        element: `proto-file:${document.file}`,
        fix: {
          description: `Version the package, e.g. \`${suggestion}\`, and keep v1 stable while a v2 is introduced beside it.`,
          language: 'proto',
          snippet: `package ${suggestion};`,
        },
      });
    }
    return {
      findings,
      strength:
        checked > 0 && findings.length === 0
          ? `All ${checked} proto files with services use versioned packages`
          : undefined,
    };
  },
};
