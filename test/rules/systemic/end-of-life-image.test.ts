import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { discoverDirectory } from '../../../src/discover/index.js';
import { foldAcrossDeployments } from '../../../src/review/deployments.js';
import { type RuleRun, runRules } from '../../../src/review/engine.js';
import { endOfLifeImage } from '../../../src/rules/security/end-of-life-image.js';
import { deployment } from '../../../src/rules/shared/example-manifests.js';
import { corpusPath, corpusTitle } from '../../helpers/corpus.js';
import { messages, review, where } from './helpers.js';

describe('security/end-of-life-image', () => {
  it('names every end-of-life image of a service in one finding, with the line and its end-of-life date', () => {
    const run = review(endOfLifeImage, {
      'k8s/orders-db.yaml': deployment({ name: 'orders-db', image: 'mongo:4.4.0', port: 27017 }),
      'docker-compose.yml':
        'services:\n  orders-db:\n    image: mongo:3.4\n  cache:\n    image: redis:alpine\n  api:\n    image: node:24-alpine\n',
    });
    expect(messages(run)).toEqual([
      'orders-db runs MongoDB past end of life: `mongo:3.4` (MongoDB 3.4, older than 4.4 (end of life 2024-02-29); compose service orders-db (docker-compose.yml)); `mongo:4.4.0` (MongoDB 4.4, end of life 2024-02-29; Deployment orders-db)',
    ]);
    expect(where(run)).toEqual([['docker-compose.yml:2', 'k8s/orders-db.yaml:15']]);
    expect(run.findings[0]?.severity).toBe('high');
  });

  it('reads Dockerfile FROM lines; an end-of-life build stage alone is medium and sorts after the runtime ones', () => {
    const run = review(endOfLifeImage, {
      'api/Dockerfile':
        'FROM golang:1.19 AS build\nRUN go build -o /app .\nFROM gcr.io/distroless/static\nCOPY --from=build /app /app\n',
      'web/Dockerfile': 'FROM node:16-alpine\nCOPY . .\nCMD ["node", "server.js"]\n',
      'svc/Dockerfile': 'FROM mcr.microsoft.com/dotnet/aspnet:7.0\nCOPY out/ /app\n',
    });
    expect(run.findings.map((f) => [f.severity, f.message])).toEqual([
      [
        'high',
        'Dockerfile svc/Dockerfile runs .NET past end of life: `mcr.microsoft.com/dotnet/aspnet:7.0` (.NET 7.0, end of life 2024-05-14; svc/Dockerfile)',
      ],
      [
        'high',
        'Dockerfile web/Dockerfile runs Node.js past end of life: `node:16-alpine` (Node.js 16, end of life 2023-09-11; web/Dockerfile)',
      ],
      [
        'medium',
        'Dockerfile api/Dockerfile builds with Go past end of life: `golang:1.19` (Go 1.19, older than 1.23 (end of life 2025-08-12); api/Dockerfile build stage build)',
      ],
    ]);
  });

  it('credits supported images and ignores untagged ones and untracked products', () => {
    const run = review(endOfLifeImage, {
      'docker-compose.yml':
        'services:\n  db:\n    image: postgres:17-alpine\n  cache:\n    image: redis\n  app:\n    image: shop/app:0.1.0\n',
    });
    expect(messages(run)).toEqual([]);
    expect(run.strengths.map((s) => s.message)).toEqual([
      'All 1 versioned images of known runtimes and servers are on supported release lines (lifecycle table checked 2026-12-03)',
    ]);
  });
});

describe.skipIf(!existsSync(corpusPath('sock-shop')))(
  corpusTitle('Sock Shop end-of-life images', 'sock-shop'),
  () => {
    let run: RuleRun;
    beforeAll(async () => {
      const discovery = await discoverDirectory(corpusPath('sock-shop'));
      run = runRules(discovery, { rules: {} }, [endOfLifeImage]);
      run = { ...run, findings: foldAcrossDeployments(run.findings, discovery.model) };
    });

    it('reports MongoDB 3.4/4.4 for carts-db and orders-db and RabbitMQ 3.6.8, once per service', () => {
      expect(run.findings.map((f) => f.element)).toEqual(['eol:carts-db', 'eol:orders-db', 'eol:rabbitmq']);
      expect(run.findings.map((f) => f.data?.images)).toEqual([
        [
          expect.objectContaining({ image: 'mongo:3.4', line: null }),
          expect.objectContaining({ image: 'mongo:4.4.0', line: '4.4', eol: '2024-02-29' }),
        ],
        [
          expect.objectContaining({ image: 'mongo:3.4', line: null }),
          expect.objectContaining({ image: 'mongo:4.4.0', line: '4.4', eol: '2024-02-29' }),
        ],
        [
          expect.objectContaining({ image: 'rabbitmq:3.6.8', product: 'rabbitmq' }),
          expect.objectContaining({ image: 'rabbitmq:3.6.8-management', product: 'rabbitmq' }),
        ],
      ]);
    });
  },
);
