import type { TestDataService } from './test-data-service.js';

/**
 * Counts the chunks a stream hands to its transport (generated or replayed from cache alike): the
 * service decorator behind `testdata_stream_chunks_sent_total`.
 */
export function countStreamChunks(
  service: TestDataService,
  onChunk: (entity: string) => void,
): TestDataService {
  return {
    ...service,
    async *generateDataStream(request, signal) {
      const entity = request.entity === '' ? 'inline' : request.entity;
      for await (const chunk of service.generateDataStream(request, signal)) {
        onChunk(entity);
        yield chunk;
      }
    },
  };
}
