// `npm run bench` → the traditional generator benchmark; `npm run bench -- llm ...` → the LLM path benchmark;
// `npm run bench -- vector ...` → the embedded vector store benchmark; `npm run bench -- cli ...` → the CLI's
// time to first byte and peak memory.
if (process.argv[2] === 'llm') await import('./llm.bench.js');
else if (process.argv[2] === 'cli') await import('./cli.bench.js');
else if (process.argv[2] === 'vector') await import('./vector.bench.js');
else await import('./generate.bench.js');
