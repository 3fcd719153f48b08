/**
 * The two prompts an MCP client can offer its user. They lead an agent through Plumbline's tools and into the
 * two response shapes Plumbline's own reports use, with every claim backed by the tools' evidence.
 */

export const ARCHITECTURE_REVIEW_PROMPT = (target: string): string =>
  `Review the backend architecture of the repository at ${target} as an experienced architect would, grounded in its files.

1. Call the \`review\` tool on ${target} (then page with \`cursor\` or filter with \`minSeverity\`/\`areas\` if there are many findings). Call \`scan\` with slice "services" or "dependencies" when you need the topology, and \`explain_rule\` when a finding's reasoning needs more than its message.
2. Answer in this shape:
   - **Review Summary**: Overall Assessment (the rating and what drives it), Architectural Impact (which services and paths are affected), Compliance with Patterns (what the system already does well: use the strengths).
   - **Strengths**: from the tool's strengths, in your words.
   - **Areas for Improvement**: grouped by area; every item cites its evidence as \`file:line\` exactly as the tool returned it.
   - **Recommendations**: prioritised (P1 first), each with the concrete fix pattern from the finding.
   - **Next Steps**: immediate, medium term, long term.
3. Do not state a fact about the system that the tools did not return. If something cannot be known from the files (load, SLOs, team), say so and suggest declaring it in plumbline.yaml.`;

export const NEW_SYSTEM_DESIGN_PROMPT = (requirements: string): string =>
  `Design a new backend system for these requirements:

${requirements}

1. Write the requirements as a Plumbline requirements document (YAML: system, domains, peak load, latency and availability targets, data growth, compliance, team; see docs/design.md). Ask the user only for what you cannot reasonably assume, and list your assumptions.
2. Call the \`design\` tool with it (set \`outDir\` only if the user wants scaffolds written). If it reports invalid requirements, fix the document and call it again.
3. Answer in this shape: **New System Design** — Requirements and assumptions; Architecture pattern (and the runner-up, with why not); Services and their boundaries; Data (stores per service, the math); Integration (sync and async, the broker); Capacity and availability (show the numbers the tool computed); Technology; Roadmap; Risks with countermeasures. Use the tool's numbers; do not invent others.
4. If scaffolds were written, offer to review them with the \`review\` tool.`;
