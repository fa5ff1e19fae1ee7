/**
 * Every shape the iacp/v1 REST API sends or accepts, in one place so a server change is one edit here.
 */

export const JOB_STATUSES = [
	'pending',
	'processing',
	'completed',
	'failed',
	'cancelled',
	'expired',
] as const;
export type JobStatus = ( typeof JOB_STATUSES )[ number ];

export const FINAL_STATUSES: readonly JobStatus[] = [
	'completed',
	'failed',
	'cancelled',
	'expired',
];

export const JOB_TYPES = [ 'text', 'image', 'post_field', 'alt_text' ] as const;
export type JobType = ( typeof JOB_TYPES )[ number ];

export const TEXT_MODES = [
	'generate',
	'rewrite',
	'shorten',
	'expand',
	'summarize',
	'fix_grammar',
	'change_tone',
	'translate',
] as const;
export type TextMode = ( typeof TEXT_MODES )[ number ];

export type TextLength = 'short' | 'medium' | 'long';

export interface TextJobInput {
	mode: TextMode;
	prompt?: string;
	text?: string;
	tone?: string;
	language?: string;
	length?: TextLength;
}

/** Every size the plugin knows; the image model decides which of them a job may ask for (iacpEditorSettings). */
export const IMAGE_SIZES = [
	'256x256',
	'512x512',
	'1024x1024',
	'1536x1024',
	'1024x1536',
	'1792x1024',
	'1024x1792',
] as const;
export type ImageSize = ( typeof IMAGE_SIZES )[ number ];

export interface ImageJobInput {
	prompt: string;
	size: ImageSize;
	count: number;
	set_featured: boolean;
}

export type PostFieldName = 'excerpt' | 'title' | `meta:${ string }`;

export interface PostFieldJobInput {
	field: PostFieldName;
	instruction: string;
}

/** Alt text for the job's post_id, an image attachment. */
export interface AltTextJobInput {
	replace: boolean;
	review?: boolean;
}

export interface JobInputByType {
	text: TextJobInput;
	image: ImageJobInput;
	post_field: PostFieldJobInput;
	alt_text: AltTextJobInput;
}

export interface TextJobResult {
	text: string;
	html: string;
	blocks: string;
	mode: TextMode;
}

export interface JobImage {
	index: number;
	preview_url: string | null;
	status: 'pending' | 'completed' | 'failed';
	attachment_id?: number | null;
	url?: string | null;
}

export interface ImageJobResult {
	images: JobImage[];
}

export interface PostFieldJobResult {
	field?: string;
	applied: boolean;
	reason?: 'newer_edit' | string;
	value?: string;
	suggestion?: string;
	/** The field's value when the job was queued. */
	original?: string;
	/** The value it would replace and the proposed one (post_field, alt_text; image with set_featured: URLs). */
	before?: string;
	after?: string | null;
	/** Review mode: stored, not written (ReviewedResult::apply() writes it). */
	review?: boolean;
	/** alt_text: the image had alt text and replace was off. */
	skipped?: boolean;
	note?: string;
}

export interface JobError {
	code: string;
	message: string;
}

export interface JobLogEntry {
	time: string;
	attempt: number;
	message: string;
	data?: unknown;
}

export interface JobTokens {
	prompt: number;
	completion: number;
	total: number;
}

/** Who started a job, as the reader may see them. */
export interface JobUser {
	id: number;
	name: string;
}

/** A job's post as the reader may see it: no title without read access, no link without edit access. */
export interface JobPost {
	id: number;
	title: string | null;
	edit_link: string | null;
	deleted: boolean;
}

/** A job as the server represents it; `input`, `result` and `checkpoint` depend on `type`. */
export interface Job {
	id: string;
	type: JobType | string;
	status: JobStatus;
	user_id: number;
	post_id: number | null;
	/** Absent from event-stream and action answers of older servers; the list and the single read carry it. */
	user?: JobUser | null;
	post?: JobPost | null;
	priority: number;
	progress: number;
	stage: string | null;
	partial_output: string | null;
	attempts: number;
	max_attempts: number;
	input: Record< string, unknown >;
	result: Record< string, unknown > | null;
	checkpoint: Record< string, unknown > | null;
	error: JobError | null;
	cancel_requested: boolean;
	tokens: JobTokens | null;
	created_at: string | null;
	started_at: string | null;
	finished_at: string | null;
	available_at: string | null;
	expires_at: string | null;
	updated_at: string | null;
	elapsed_ms: number | null;
	poll_after_ms: number | null;
	log?: JobLogEntry[];
}

export interface StartJobRequest< T extends JobType = JobType > {
	type: T;
	input: JobInputByType[ T ];
	post_id?: number;
	priority?: number;
}

export interface JobFilters {
	post_id?: number;
	status?: JobStatus[];
	type?: JobType | '';
	user?: number;
	search?: string;
	/** ISO 8601 date or date-time. */
	after?: string;
	before?: string;
	page?: number;
	per_page?: number;
}

export interface JobPage {
	jobs: Job[];
	total: number;
	totalPages: number;
}

export type StatusCounts = Record< JobStatus, number >;

export interface HourlyBucket {
	hour: string;
	completed: number;
	failed: number;
}

export interface RunnerSeen {
	time: string;
	source: string;
}

/** Why jobs wait with no runner coming (GET /queue `stall`), in figures. */
export interface QueueStall {
	code: 'no_runner' | 'cron_disabled' | 'loopback_failed' | string;
	waiting_seconds: number;
	/** Null: no runner has ever run. */
	runner_seen_seconds_ago: number | null;
}

export interface QueueHealth {
	counts: StatusCounts;
	oldest_pending_age: number | null;
	jobs_per_minute: number;
	failure_rate: number;
	last_runner_seen: RunnerSeen | null;
	tokens_today: number;
	cron_disabled: boolean;
	loopback_ok: boolean | null;
	hourly: HourlyBucket[];
	stall: QueueStall | null;
}

export type ApiKeySource = 'constant' | 'environment' | 'stored' | 'none';

export interface Settings {
	provider_base_url: string;
	text_model: string;
	/** Empty: the text model. */
	vision_model: string;
	image_model: string;
	connect_timeout: number;
	read_timeout: number;
	idle_timeout: number;
	image_format: string;
	jpeg_quality: number;
	retry_base_seconds: number;
	retry_cap_seconds: number;
	default_max_attempts: number;
	pending_ttl_seconds: number;
	lease_seconds: number;
	retention_completed_days: number;
	retention_failed_days: number;
	max_prompt_chars: number;
	jobs_per_minute: number;
	max_active_jobs: number;
	daily_token_budgets: Record< string, number >;
	provider_max_in_flight: number;
	provider_requests_per_minute: number;
	provider_source: '' | ProviderSourceName;
	connector_text_model: string;
	connector_image_model: string;
	connector_base_url: string;
	api_key_set: boolean;
	api_key_source: ApiKeySource;
	/** WordPress 7.0+: the core AI client is there, and with it the choice of provider source. */
	ai_client: boolean;
	provider_source_in_force?: ProviderSourceName;
	connector_models?: { text: ConnectorModel[]; image: ConnectorModel[] };
	connector_base_url_source?: 'env' | 'constant' | 'setting' | 'none';
}

export type ProviderSourceName = 'connectors' | 'endpoint';

/** A model of a configured AI connector: "connector/model" and its label. */
export interface ConnectorModel {
	value: string;
	label: string;
}

/** Fields of the settings answer that are facts about the site, not settings. */
export type SettingsFacts =
	| 'api_key_set'
	| 'api_key_source'
	| 'ai_client'
	| 'provider_source_in_force'
	| 'connector_models'
	| 'connector_base_url_source';

/** What the settings endpoint accepts: any editable field, plus the write-only key ('' removes it). */
export type SettingsUpdate = Partial< Omit< Settings, SettingsFacts > > & {
	api_key?: string;
};

export interface ConnectionTestResult {
	ok: boolean;
	models: string[];
	error?: JobError;
	/** What was asked: the method, the URL and which key went along. */
	tried?: { method: string; url: string; key: 'saved' | 'sent' | 'none' };
	/** What came back: the HTTP status (null: no answer) and how long it took. */
	answer?: { status: number | null; elapsed_ms: number };
}

/** The models the saved provider lists (GET /settings/models); empty with the error when it lists none. */
export interface ProviderModels {
	models: string[];
	error: JobError | null;
}

/** An option of the Jobs screen's user or post picker (GET /job-subjects/users|posts). */
export interface JobSubject {
	id: number;
	label: string;
}

/* Batches (issue 14): one bulk action over many posts or attachments, one job per item. */

export const BATCH_ACTIONS = [
	'excerpt',
	'title',
	'featured_image',
	'alt_text',
] as const;
export type BatchAction = ( typeof BATCH_ACTIONS )[ number ];

export type BatchMode = 'apply' | 'review';

export const BATCH_STATUSES = [
	'planning',
	'running',
	'paused',
	'cancelled',
	'completed',
] as const;
export type BatchStatus = ( typeof BATCH_STATUSES )[ number ];

export const BATCH_ITEM_STATUSES = [
	'waiting',
	'running',
	'done',
	'failed',
	'skipped',
	'review',
	'accepted',
	'rejected',
] as const;
export type BatchItemStatus = ( typeof BATCH_ITEM_STATUSES )[ number ];

export interface BatchCounts {
	total: number;
	planned: number;
	waiting: number;
	running: number;
	done: number;
	failed: number;
	skipped: number;
	review: number;
	accepted: number;
	rejected: number;
}

export interface Batch {
	id: number;
	action: BatchAction | string;
	action_label: string;
	mode: BatchMode;
	status: BatchStatus;
	pause_reason: null | 'user' | 'budget' | 'error';
	/** Said in words by the server, like "Paused: daily budget reached, resumes at 00:00 UTC". */
	pause_message: string | null;
	user: JobUser;
	source: { post_type: string };
	counts: BatchCounts;
	tokens: number;
	eta_seconds: number | null;
	created_at: string | null;
	updated_at: string | null;
}

export interface BatchItem {
	id: number;
	object_type: 'post' | 'attachment';
	object_id: number;
	title: string;
	edit_link: string | null;
	thumbnail: string | null;
	status: BatchItemStatus;
	job_id: string | null;
	before: string | null;
	/** The proposed value; for featured_image the generated image's URL. */
	after: string | null;
	note: string | null;
	error: string | null;
}

export interface BatchFilter {
	post_type: string;
	status?: string;
	category?: number;
	author?: number;
	search?: string;
	missing?: boolean;
}

/** POST /batches: exactly one of post_ids or filter. */
export type StartBatchRequest = {
	action: BatchAction;
	mode: BatchMode;
	replace?: boolean;
} & (
	| { post_ids: number[]; filter?: never }
	| { filter: BatchFilter; post_ids?: never }
);

export interface BatchListFilters {
	page?: number;
	per_page?: number;
	status?: BatchStatus | '';
}

export interface BatchPage {
	batches: Batch[];
	total: number;
	totalPages: number;
}

export interface BatchItemFilters {
	items_page?: number;
	items_per_page?: number;
	item_status?: BatchItemStatus | '';
}

export interface BatchWithItems {
	batch: Batch;
	items: BatchItem[];
	items_total: number;
}

export type BatchControl = 'pause' | 'resume' | 'cancel' | 'retry';

export interface ReviewDecision {
	item: number;
	decision: 'accept' | 'reject';
	/** An edited value to apply instead of the proposal. */
	value?: string;
}

export interface ReviewConflict {
	item: number;
	code: string;
	message: string;
}

export interface AcceptResult {
	batch: Batch;
	applied: number;
	rejected: number;
	conflicts: ReviewConflict[];
}
