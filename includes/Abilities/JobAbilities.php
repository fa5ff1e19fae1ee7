<?php
/**
 * Jobs as Abilities (WordPress ≥ 6.9): agents and other plugins queue slow AI work and get a job id at once instead
 * of blocking on it. The `iacp` category holds iacp/start-job, iacp/get-job, iacp/cancel-job and one ability per
 * built-in job type (iacp/generate-text, iacp/generate-image, iacp/refine-post-field, iacp/write-alt-text). Who may
 * do what is decided where the REST API decides it: JobAccess (type capability, edit_post, the site's AI switch),
 * UsageLimits, and JobLookup (a job the caller may not see is "not found", 404). All are public for REST and MCP.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Abilities;

use IACP\Jobs\EnqueueOptions;
use IACP\Jobs\Job;
use IACP\Plugin;
use IACP\REST\JobLookup;
use IACP\REST\Permission;
use IACP\Service;
use WP_Error;

final class JobAbilities implements Service {

	public const CATEGORY = 'iacp';

	/** Built-in job type => its convenience ability. */
	public const TYPE_ABILITIES = array(
		'text'       => 'iacp/generate-text',
		'image'      => 'iacp/generate-image',
		'post_field' => 'iacp/refine-post-field',
		'alt_text'   => 'iacp/write-alt-text',
	);

	public function __construct( private readonly Plugin $plugin ) {}

	public function register(): void {
		// Before 6.9 there is no Abilities API: nothing is registered and nothing shows.
		if ( ! function_exists( 'wp_register_ability' ) ) {
			return;
		}
		add_action( 'wp_abilities_api_categories_init', array( $this, 'register_category' ) );
		add_action( 'wp_abilities_api_init', array( $this, 'register_abilities' ) );
	}

	public function register_category(): void {
		wp_register_ability_category(
			self::CATEGORY,
			array(
				'label'       => __( 'AI Content Pipeline', 'iacp' ),
				'description' => __( 'Slow AI work (text, images, post fields) queued as background jobs: start one, then read or cancel it.', 'iacp' ),
			)
		);
	}

	public function register_abilities(): void {
		$this->add(
			'iacp/start-job',
			__( 'Start an AI job', 'iacp' ),
			__( 'Queues a background AI job of any registered type and returns its id at once; read it with iacp/get-job.', 'iacp' ),
			array(
				'type'                 => 'object',
				'additionalProperties' => false,
				'required'             => array( 'type', 'input' ),
				'properties'           => array(
					'type'    => array(
						'type'        => 'string',
						'pattern'     => '^[a-z0-9_-]{1,64}$',
						'description' => __( 'Job type, such as text, image or post_field.', 'iacp' ),
					),
					'input'   => array(
						'type'        => 'object',
						'description' => __( 'The job’s input; its shape depends on the type.', 'iacp' ),
					),
					'post_id' => self::post_id_schema(),
				),
			),
			self::started_schema(),
			fn( array $input ) => $this->start( (string) $input['type'], (array) $input['input'], $input['post_id'] ?? null ),
			array()
		);
		$this->add(
			'iacp/get-job',
			__( 'Read an AI job', 'iacp' ),
			__( 'A job’s status, progress, partial output, result or error in words, and when to ask again.', 'iacp' ),
			self::id_schema(),
			array( 'type' => 'object' ),
			fn( array $input ) => $this->with_visible_job( (string) $input['id'], fn( Job $job ): array => $this->plugin->job_presenter()->present( $job ) ),
			array(
				'readonly'   => true,
				'idempotent' => true,
			)
		);
		$this->add(
			'iacp/cancel-job',
			__( 'Cancel an AI job', 'iacp' ),
			__( 'Cancels a queued job at once, or asks a running one to stop (an error once it has finished).', 'iacp' ),
			self::id_schema(),
			array( 'type' => 'object' ),
			fn( array $input ) => $this->with_visible_job(
				(string) $input['id'],
				function ( Job $job ): array|WP_Error {
					$cancelled = $this->plugin->job_queue()->cancel( $job );
					return $cancelled instanceof WP_Error ? $cancelled : $this->plugin->job_presenter()->present( $cancelled );
				}
			),
			array( 'destructive' => false )
		);
		foreach ( self::TYPE_ABILITIES as $type => $name ) {
			$handler = $this->plugin->job_types()->get( $type );
			if ( null === $handler ) {
				continue; // A site may unregister a built-in type.
			}
			$this->add(
				$name,
				/* translators: %s: job type such as text or image. */
				sprintf( __( 'Start an AI %s job', 'iacp' ), $type ),
				/* translators: %s: job type such as text or image. */
				sprintf( __( 'Queues a background AI %s job and returns its id at once; read it with iacp/get-job.', 'iacp' ), $type ),
				array(
					'type'                 => 'object',
					'additionalProperties' => false,
					'required'             => array( 'input' ),
					'properties'           => array(
						'input'   => $handler->input_schema(),
						'post_id' => self::post_id_schema(),
					),
				),
				self::started_schema(),
				fn( array $input ) => $this->start( $type, (array) $input['input'], $input['post_id'] ?? null ),
				array()
			);
		}
	}

	/**
	 * Registers one ability of the category, public for REST and MCP, open to users who may use jobs at all (the
	 * rules of each job and type are checked when it runs, as on the REST routes).
	 *
	 * @param array<string, mixed>                                                    $input_schema  Input.
	 * @param array<string, mixed>                                                    $output_schema Output.
	 * @param callable(array<string, mixed>): (array<string, mixed>|WP_Error)         $execute       Runs it.
	 * @param array<string, bool>                                                     $annotations   Behaviour hints.
	 */
	private function add( string $name, string $label, string $description, array $input_schema, array $output_schema, callable $execute, array $annotations ): void {
		wp_register_ability(
			$name,
			array(
				'label'               => $label,
				'description'         => $description,
				'category'            => self::CATEGORY,
				'input_schema'        => $input_schema,
				'output_schema'       => $output_schema,
				'execute_callback'    => static fn( $input = null ) => $execute( is_array( $input ) ? $input : array() ),
				'permission_callback' => fn(): bool|WP_Error => Permission::check( $this->plugin->job_access()->can_use_jobs(), __( 'You are not allowed to use AI jobs.', 'iacp' ) ),
				'meta'                => array(
					'annotations'  => $annotations,
					'public'       => true,
					'show_in_rest' => true,
					'mcp'          => array( 'public' => true ),
				),
			)
		);
	}

	/**
	 * Starts a job for the current user under the REST API's rules; answers at once.
	 *
	 * @param array<string, mixed> $input The job's input.
	 * @param mixed                $post_id The post the job works for, if any.
	 * @return array<string, mixed>|WP_Error
	 */
	private function start( string $type, array $input, $post_id ): array|WP_Error {
		$options = array( 'user_id' => get_current_user_id() );
		if ( null !== $post_id ) {
			$options['post_id'] = (int) $post_id;
		}
		$result = $this->plugin->job_queue()->enqueue(
			$type,
			$input,
			$options,
			function ( string $job_type, EnqueueOptions $enqueue ): true|WP_Error {
				$allowed = $this->plugin->job_access()->check_can_start( $job_type, $enqueue->post_id );
				return $allowed instanceof WP_Error ? $allowed : $this->plugin->usage_limits()->check( wp_get_current_user() );
			}
		);
		if ( $result instanceof WP_Error ) {
			return $result;
		}
		$job = $this->plugin->job_presenter()->present( $result->job );
		return array(
			'id'            => $job['id'],
			'status'        => $job['status'],
			'poll_after_ms' => $job['poll_after_ms'],
			'poll'          => array(
				'ability' => 'iacp/get-job',
				'rest'    => rest_url( 'iacp/v1/jobs/' . $result->job->public_id ),
			),
		);
	}

	/**
	 * Runs $then on the job when the current user may see it; else the REST API's 404 (missing and not yours alike).
	 *
	 * @param callable(Job): (array<string, mixed>|WP_Error) $then What to do with it.
	 * @return array<string, mixed>|WP_Error
	 */
	private function with_visible_job( string $id, callable $then ): array|WP_Error {
		$job = ( new JobLookup( $this->plugin->job_repository(), $this->plugin->job_access() ) )->visible_by_id( $id );
		return $job instanceof WP_Error ? $job : $then( $job );
	}

	/**
	 * @return array<string, mixed>
	 */
	private static function post_id_schema(): array {
		return array(
			'type'        => 'integer',
			'minimum'     => 1,
			'description' => __( 'The post the job works for.', 'iacp' ),
		);
	}

	/**
	 * @return array<string, mixed>
	 */
	private static function id_schema(): array {
		return array(
			'type'                 => 'object',
			'additionalProperties' => false,
			'required'             => array( 'id' ),
			'properties'           => array(
				'id' => array(
					'type'        => 'string',
					'maxLength'   => 64,
					'description' => __( 'The job’s id (a UUID), as iacp/start-job returned it.', 'iacp' ),
				),
			),
		);
	}

	/**
	 * @return array<string, mixed>
	 */
	private static function started_schema(): array {
		return array(
			'type'       => 'object',
			'required'   => array( 'id', 'status' ),
			'properties' => array(
				'id'            => array( 'type' => 'string' ),
				'status'        => array( 'type' => 'string' ),
				'poll_after_ms' => array( 'type' => array( 'integer', 'null' ) ),
				'poll'          => array( 'type' => 'object' ),
			),
		);
	}
}
