// A CSV download of a list: the generator of its text as a pull-based web stream (a slow client slows
// the reads), and the HTTP answer carrying it with the audit entry's receipt.

// A CSV download of a list, started: its file name and stream, and the audit entry's receipt.
export type ListExport = { receiptId: string; fileName: string; body: ReadableStream<Uint8Array> };

// The generator as a web stream for a Response body: pull-based, so a slow client slows the reads.
export function csvResponseStream(chunks: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

// The HTTP answer for a list download.
export function listExportResponse(result: ListExport): Response {
  return new Response(result.body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${result.fileName}"`,
      "cache-control": "no-store",
      "x-receipt-id": result.receiptId,
    },
  });
}
