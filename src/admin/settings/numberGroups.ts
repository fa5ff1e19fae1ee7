/**
 * The settings groups made of numbers only (timeouts, retries and queue, retention, limits), described as data.
 */
import { __ } from '@wordpress/i18n';
import type { EditableSettings } from './settingsForm';

/** The settings whose value is a number. */
export type NumberKey = {
	[ K in keyof EditableSettings ]: EditableSettings[ K ] extends number
		? K
		: never;
}[ keyof EditableSettings ];

export interface NumberSetting {
	key: NumberKey;
	label: string;
	help?: string;
	min?: number;
}

export interface NumberGroupSpec {
	title: string;
	description: string;
	fields: NumberSetting[];
}

/** A function, not a constant: the words are translated when the screen renders, after the translations load. */
export function numberGroups(): NumberGroupSpec[] {
	return [
		{
			title: __( 'Timeouts', 'iacp' ),
			description: __(
				'How long a job waits for the AI provider to connect and to answer before the attempt fails.',
				'iacp'
			),
			fields: [
				{
					key: 'connect_timeout',
					label: __( 'Connect timeout (seconds)', 'iacp' ),
					min: 1,
				},
				{
					key: 'read_timeout',
					label: __( 'Read timeout (seconds)', 'iacp' ),
					help: __(
						'How long to wait for the provider to start answering.',
						'iacp'
					),
					min: 5,
				},
				{
					key: 'idle_timeout',
					label: __( 'Idle timeout (seconds)', 'iacp' ),
					help: __(
						'How long a streamed answer may pause before the job gives up on it and tries again.',
						'iacp'
					),
					min: 5,
				},
			],
		},
		{
			title: __( 'Retries and queue', 'iacp' ),
			description: __(
				'How often a failed job is tried again, how long to wait in between, and how long a job may wait or run.',
				'iacp'
			),
			fields: [
				{
					key: 'default_max_attempts',
					label: __( 'Attempts per job', 'iacp' ),
					min: 1,
				},
				{
					key: 'retry_base_seconds',
					label: __( 'First retry after (seconds)', 'iacp' ),
					min: 0,
				},
				{
					key: 'retry_cap_seconds',
					label: __( 'Longest retry delay (seconds)', 'iacp' ),
					min: 0,
				},
				{
					key: 'pending_ttl_seconds',
					label: __( 'Queued jobs expire after (seconds)', 'iacp' ),
					min: 1,
				},
				{
					key: 'lease_seconds',
					label: __( 'Worker lease (seconds)', 'iacp' ),
					min: 1,
				},
			],
		},
		{
			title: __( 'Retention', 'iacp' ),
			description: __(
				'How long finished jobs stay in the list before they are deleted (0: keep them).',
				'iacp'
			),
			fields: [
				{
					key: 'retention_completed_days',
					label: __( 'Keep completed jobs (days)', 'iacp' ),
					min: 0,
				},
				{
					key: 'retention_failed_days',
					label: __( 'Keep failed jobs (days)', 'iacp' ),
					min: 0,
				},
			],
		},
		{
			title: __( 'Limits', 'iacp' ),
			description: __(
				'What one user may ask for, and how hard this site may press the provider (0: no limit).',
				'iacp'
			),
			fields: [
				{
					key: 'max_prompt_chars',
					label: __( 'Longest prompt (characters)', 'iacp' ),
					min: 1,
				},
				{
					key: 'jobs_per_minute',
					label: __( 'Jobs per user per minute', 'iacp' ),
					min: 0,
				},
				{
					key: 'max_active_jobs',
					label: __( 'Active jobs per user', 'iacp' ),
					min: 0,
				},
				{
					key: 'provider_max_in_flight',
					label: __( 'Provider requests at once', 'iacp' ),
					min: 1,
				},
				{
					key: 'provider_requests_per_minute',
					label: __( 'Provider requests per minute', 'iacp' ),
					min: 0,
				},
				{
					key: 'jpeg_quality',
					label: __( 'JPEG quality (1–100)', 'iacp' ),
					min: 1,
				},
			],
		},
	];
}
