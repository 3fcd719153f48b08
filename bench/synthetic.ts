/** Generates a synthetic repository of N services: compose, Kubernetes manifests and an OpenAPI spec each. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function generateSystem(dir: string, services: number): void {
  mkdirSync(path.join(dir, 'k8s'), { recursive: true });
  mkdirSync(path.join(dir, 'api'), { recursive: true });
  const compose: string[] = ['services:'];
  for (let i = 0; i < services; i++) {
    const name = `svc${i}`;
    const next = `svc${(i + 1) % services}`;
    compose.push(
      `  ${name}:`,
      `    image: example/${name}:1.0.${i}`,
      '    environment:',
      `      NEXT_URL: http://${next}:8080`,
      `      DB_HOST: ${name}-db`,
      `  ${name}-db:`,
      '    image: postgres:16.4',
    );
    writeFileSync(path.join(dir, 'k8s', `${name}.yaml`), deployment(name, next));
    writeFileSync(path.join(dir, 'api', `${name}.openapi.yaml`), openapi(name));
  }
  writeFileSync(path.join(dir, 'docker-compose.yml'), `${compose.join('\n')}\n`);
}

function deployment(name: string, next: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: 2
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
    spec:
      containers:
        - name: server
          image: example/${name}:1.0.0
          ports: [{ containerPort: 8080 }]
          env:
            - name: NEXT_ADDR
              value: "${next}:8080"
          readinessProbe: { httpGet: { path: /healthz, port: 8080 } }
          resources:
            requests: { cpu: 100m, memory: 128Mi }
            limits: { memory: 256Mi }
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector: { app: ${name} }
  ports: [{ name: http, port: 8080, targetPort: 8080 }]
`;
}

function openapi(name: string): string {
  const paths: string[] = [];
  for (let r = 0; r < 10; r++) {
    paths.push(`  /v1/${name}/items${r}:
    get:
      operationId: list${name}Items${r}
      summary: List items ${r}
      tags: [items]
      parameters:
        - { name: limit, in: query, schema: { type: integer, maximum: 100 } }
      responses:
        '200': { description: ok, content: { application/json: { schema: { type: array, maxItems: 100, items: { $ref: '#/components/schemas/Item' } } } } }
        default: { description: error, content: { application/problem+json: { schema: { $ref: '#/components/schemas/Problem' } } } }`);
  }
  return `openapi: 3.0.3
info: { title: ${name}, version: 1.0.0, description: Synthetic service }
servers: [{ url: 'https://${name}.example.com' }]
tags: [{ name: items, description: Items }]
paths:
${paths.join('\n')}
components:
  schemas:
    Item: { type: object, properties: { id: { type: string, maxLength: 64 } } }
    Problem: { type: object, properties: { title: { type: string, maxLength: 200 } } }
`;
}
