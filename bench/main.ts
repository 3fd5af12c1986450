// `npm run bench` → the traditional generator benchmark; `npm run bench -- llm ...` → the LLM path benchmark.
if (process.argv[2] === 'llm') await import('./llm.bench.js');
else await import('./generate.bench.js');
