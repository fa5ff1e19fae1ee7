/**
 * Shapes shared by the route handlers and the server.
 */
import type { ServerResponse } from 'node:http';
import type { Directives } from './directives';
import type { FaultKind } from './faults';
import type { ReceivedImage } from './vision';

export interface RunContext {
	res: ServerResponse;
	/** Aborted when the client goes away or the server closes. */
	signal: AbortSignal;
	/** The fault chosen for this request (status faults are handled before run()). */
	fault: FaultKind | null;
	/** Delay between streamed chunks. */
	chunkDelayMs: number;
}

/** A validated API request, ready to be answered once faults and latency are settled. */
export interface PreparedRequest {
	model: string | null;
	stream: boolean;
	/** All prompt text (for directives, fault counter keys and the request log). */
	promptText: string;
	/** Short human-readable excerpt for the request log. */
	preview: string;
	/** Image content parts received (chat with a vision model), for the request log. */
	images?: ReceivedImage[];
	directives: Directives;
	/** True when run() itself implements the mid-stream faults `drop` and `stall` (streaming). */
	handlesDrop: boolean;
	run: ( ctx: RunContext ) => Promise< void > | void;
}
