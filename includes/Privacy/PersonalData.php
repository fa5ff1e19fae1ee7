<?php
/**
 * A user's AI jobs in WordPress's personal-data tools: Tools → Export Personal Data lists each job with its prompt
 * (input) and result, Tools → Erase Personal Data deletes them, and the privacy policy guide says what leaves the
 * site for the AI provider.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Privacy;

use IACP\Jobs\Job;
use IACP\Jobs\JobQueue;
use IACP\Jobs\JobRepository;
use IACP\Jobs\JobStatus;
use IACP\Service;

final class PersonalData implements Service {

	/** Jobs per exporter or eraser page: WordPress calls again until a page says it is done. */
	public const PAGE_SIZE = 50;

	private const SLUG = 'iacp';

	public function __construct(
		private readonly JobRepository $repository,
		private readonly JobQueue $queue
	) {}

	public function register(): void {
		add_filter( 'wp_privacy_personal_data_exporters', array( $this, 'add_exporter' ) );
		add_filter( 'wp_privacy_personal_data_erasers', array( $this, 'add_eraser' ) );
		add_action( 'admin_init', array( $this, 'add_policy_content' ) );
	}

	/**
	 * @param array<string, array<string, mixed>> $exporters Registered exporters.
	 * @return array<string, array<string, mixed>>
	 */
	public function add_exporter( array $exporters ): array {
		$exporters[ self::SLUG ] = array(
			'exporter_friendly_name' => __( 'AI Content Pipeline jobs', 'iacp' ),
			'callback'               => array( $this, 'export' ),
		);
		return $exporters;
	}

	/**
	 * @param array<string, array<string, mixed>> $erasers Registered erasers.
	 * @return array<string, array<string, mixed>>
	 */
	public function add_eraser( array $erasers ): array {
		$erasers[ self::SLUG ] = array(
			'eraser_friendly_name' => __( 'AI Content Pipeline jobs', 'iacp' ),
			'callback'             => array( $this, 'erase' ),
		);
		return $erasers;
	}

	/**
	 * One page of the user's jobs, oldest first, each with what it was asked and what it answered.
	 *
	 * @return array{ data: list<array<string, mixed>>, done: bool }
	 */
	public function export( string $email, int $page = 1 ): array {
		$user = get_user_by( 'email', $email );
		if ( ! $user ) {
			return array(
				'data' => array(),
				'done' => true,
			);
		}
		$found = $this->repository->query( array( 'user_id' => $user->ID ), $page, self::PAGE_SIZE, 'asc' );
		$items = array();
		foreach ( $found['jobs'] as $job ) {
			$items[] = array(
				'group_id'          => 'iacp-jobs',
				'group_label'       => __( 'AI jobs', 'iacp' ),
				'group_description' => __( 'Background AI jobs you started: what each was asked and what it answered.', 'iacp' ),
				'item_id'           => 'iacp-job-' . $job->public_id,
				'data'              => $this->export_fields( $job ),
			);
		}
		return array(
			'data' => $items,
			'done' => $page * self::PAGE_SIZE >= $found['total'],
		);
	}

	/**
	 * Deletes one batch of the user's finished jobs, after asking their unfinished ones to stop (a pending job is
	 * cancelled at once and erased with the rest). A job still running is kept and reported until its worker has
	 * stopped writing to it: erasing again then removes it.
	 *
	 * @return array{ items_removed: bool, items_retained: bool, messages: list<string>, done: bool }
	 */
	public function erase( string $email, int $page = 1 ): array {
		$result = array(
			'items_removed'  => false,
			'items_retained' => false,
			'messages'       => array(),
			'done'           => true,
		);
		$user   = get_user_by( 'email', $email );
		if ( ! $user ) {
			return $result;
		}
		$running = 0;
		$active  = $this->repository->query(
			array(
				'user_id' => $user->ID,
				'status'  => array( JobStatus::PENDING, JobStatus::PROCESSING ),
			),
			1,
			500
		);
		foreach ( $active['jobs'] as $job ) {
			$cancelled = $this->queue->cancel( $job );
			if ( ! $cancelled instanceof Job || ! $cancelled->is_finished() ) {
				++$running;
			}
		}
		// Erased rows leave the list, so every call takes the first page of what is left.
		$finished = $this->repository->query(
			array(
				'user_id' => $user->ID,
				'status'  => JobStatus::FINISHED,
			),
			1,
			self::PAGE_SIZE,
			'asc'
		);
		foreach ( $finished['jobs'] as $job ) {
			if ( $this->repository->delete_finished( $job->id ) ) {
				$result['items_removed'] = true;
			}
		}
		$result['done'] = count( $finished['jobs'] ) < self::PAGE_SIZE;
		if ( $running > 0 && $result['done'] ) {
			$result['items_retained'] = true;
			$result['messages'][]     = sprintf(
				/* translators: %d: number of AI jobs. */
				_n(
					'%d AI job was still running: it has been asked to stop and is kept until it has. Erase again in a minute to remove it.',
					'%d AI jobs were still running: they have been asked to stop and are kept until they have. Erase again in a minute to remove them.',
					$running,
					'iacp'
				),
				$running
			);
		}
		return $result;
	}

	/**
	 * What Settings → Privacy → Policy Guide suggests for the site's privacy policy.
	 */
	public function add_policy_content(): void {
		if ( ! function_exists( 'wp_add_privacy_policy_content' ) ) {
			return;
		}
		$paragraphs = array(
			__( 'When you use the AI tools in the editor, this site sends what the AI job needs to the AI provider the site owner chose in Settings → AI Content Pipeline: the text or prompt you gave the job, and for a title or excerpt also the post\'s title and the beginning of its text. The provider\'s own privacy policy applies to what it receives. Nothing is sent until a provider is set up.', 'iacp' ),
			__( 'Each AI job is stored on this site with its prompt, its result, the user who started it and the post it belongs to, so that you can come back to it. Finished jobs are deleted automatically after 7 days (completed) or 30 days (failed, cancelled or expired) unless the site owner changed these periods.', 'iacp' ),
			__( 'Your AI jobs are included when you ask for an export of your personal data, and deleted when you ask for your personal data to be erased.', 'iacp' ),
		);
		wp_add_privacy_policy_content(
			__( 'AI Content Pipeline', 'iacp' ),
			wp_kses_post( '<p>' . implode( '</p><p>', array_map( 'esc_html', $paragraphs ) ) . '</p>' )
		);
	}

	/**
	 * @return list<array{ name: string, value: string }>
	 */
	private function export_fields( Job $job ): array {
		$fields = array(
			__( 'Job ID', 'iacp' )      => $job->public_id,
			__( 'Type', 'iacp' )        => $job->type,
			__( 'Status', 'iacp' )      => $job->status,
			__( 'Post ID', 'iacp' )     => null === $job->post_id ? '' : (string) $job->post_id,
			__( 'Created', 'iacp' )     => gmdate( 'Y-m-d H:i:s', $job->created_at ) . ' UTC',
			__( 'Input', 'iacp' )       => (string) wp_json_encode( $job->input, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE ),
			__( 'Result', 'iacp' )      => null === $job->result ? '' : (string) wp_json_encode( $job->result, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE ),
			__( 'Error', 'iacp' )       => (string) $job->error_message,
			__( 'Tokens used', 'iacp' ) => (string) ( $job->prompt_tokens + $job->completion_tokens ),
		);
		$data   = array();
		foreach ( $fields as $name => $value ) {
			if ( '' !== $value ) {
				$data[] = array(
					'name'  => $name,
					'value' => $value,
				);
			}
		}
		return $data;
	}
}
