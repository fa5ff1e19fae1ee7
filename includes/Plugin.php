<?php
/**
 * Composition root: builds every service once and registers their hooks.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP;

use IACP\Admin\AdminScreen;
use IACP\Admin\MediaGridBatchButton;
use IACP\Assets\AssetLoader;
use IACP\Batches\BatchEngine;
use IACP\Batches\BatchesSchema;
use IACP\Batches\BatchItemOutcome;
use IACP\Batches\BatchItemRepository;
use IACP\Batches\BatchJobWatcher;
use IACP\Batches\BatchPresenter;
use IACP\Batches\BatchRecall;
use IACP\Batches\BatchRepository;
use IACP\Batches\BatchService;
use IACP\Batches\BatchStepHandler;
use IACP\Batches\BatchTargets;
use IACP\Assets\EditorAssets;
use IACP\Assets\JsxRuntimeShim;
use IACP\Admin\BatchBulkActions;
use IACP\CLI\BatchCommand;
use IACP\CLI\CliCommands;
use IACP\CLI\JobsCommand;
use IACP\CLI\QueueCommand;
use IACP\CLI\WorkCommand;
use IACP\Jobs\EnqueueLock;
use IACP\Jobs\JobInputValidator;
use IACP\Jobs\JobPresenter;
use IACP\Jobs\JobQueue;
use IACP\Jobs\JobRepository;
use IACP\Jobs\JobsSchema;
use IACP\Jobs\JobSubjectsRepository;
use IACP\Jobs\JobTypeRegistry;
use IACP\Jobs\JobWatch;
use IACP\Lifecycle\Upgrader;
use IACP\Privacy\PersonalData;
use IACP\Queue\Backoff;
use IACP\Queue\DatabaseLink;
use IACP\Queue\FatalErrorMonitor;
use IACP\Queue\InstantKick;
use IACP\Queue\JobClaimer;
use IACP\Queue\JobExecutor;
use IACP\Queue\KickEndpoint;
use IACP\Queue\KickSlots;
use IACP\Queue\LoopbackProbe;
use IACP\Queue\PhpTimeLimit;
use IACP\Queue\QueueConfig;
use IACP\Queue\QueueCron;
use IACP\Queue\QueueHealthNotice;
use IACP\Queue\QueueStats;
use IACP\Queue\QueueStatsRepository;
use IACP\Queue\Reaper;
use IACP\Queue\RetentionPurger;
use IACP\Queue\Runner;
use IACP\Queue\RunnerLastSeen;
use IACP\Queue\RunnerSecret;
use IACP\REST\BatchesController;
use IACP\REST\BatchLookup;
use IACP\REST\JobActionsController;
use IACP\REST\JobEventsController;
use IACP\REST\JobEventStream;
use IACP\REST\JobLookup;
use IACP\REST\JobsController;
use IACP\REST\JobSubjectsController;
use IACP\REST\QueueController;
use IACP\REST\Routes;
use IACP\REST\SettingsController;
use IACP\Security\Capabilities;
use IACP\Security\JobAccess;
use IACP\Security\JobAdmission;
use IACP\Security\StreamSlots;
use IACP\Security\UsageLimits;
use IACP\Jobs\JobUsageRepository;
use IACP\Settings\ApiKeyStore;
use IACP\Settings\Settings;
use IACP\JobTypes\AltTextJobHandler;
use IACP\JobTypes\ImageFiles;
use IACP\JobTypes\ImageJobHandler;
use IACP\JobTypes\JobTypesService;
use IACP\JobTypes\PostFieldJobHandler;
use IACP\JobTypes\TextFormatter;
use IACP\JobTypes\TextJobHandler;
use IACP\Abilities\JobAbilities;
use IACP\Providers\AiProvider;
use IACP\Providers\ImageModelCapabilities;
use IACP\Providers\ImageModelSpec;
use IACP\Providers\OpenAiCompatibleProvider;
use IACP\Providers\CoreAiClientProvider;
use IACP\Providers\ProviderSource;
use IACP\Providers\SourcedProvider;
use IACP\Connectors\EndpointConnector;
use IACP\Providers\ProviderConfig;
use IACP\Providers\ProviderThrottle;
use IACP\Providers\ThrottledProvider;
use IACP\Usage\UsageLedger;
use IACP\Usage\UsageLedgerSchema;
use IACP\Usage\UsageMeter;
use IACP\Usage\UsageRetention;

final class Plugin {

	private bool $registered = false;

	/** @var array<string, object> Services built so far, by name. */
	private array $services = array();

	public function __construct( private readonly string $main_file ) {}

	public function main_file(): string {
		return $this->main_file;
	}

	public function dir(): string {
		return dirname( $this->main_file );
	}

	/**
	 * Registers every service's hooks; a second call does nothing.
	 */
	public function register(): void {
		if ( $this->registered ) {
			return;
		}
		$this->registered = true;
		foreach ( $this->services() as $service ) {
			$service->register();
		}
		/** Fires once every IACP service has registered its hooks. */
		do_action( 'iacp_loaded', $this );
	}

	/**
	 * Every service that hooks into WordPress, in registration order.
	 *
	 * @return list<Service>
	 */
	private function services(): array {
		return array(
			$this->upgrader(),
			new JsxRuntimeShim(),
			new EditorAssets( $this->asset_loader(), $this->job_access(), $this->image_model( ... ) ),
			AdminScreen::jobs( $this->asset_loader() ),
			AdminScreen::settings( $this->asset_loader() ),
			AdminScreen::batches( $this->asset_loader() ),
			new MediaGridBatchButton( $this->asset_loader() ),
			$this->builtin_job_types(),
			// Who may do what, and the REST API.
			new Capabilities(),
			new Routes( fn() => $this->rest_controllers() ),
			new JobAbilities( $this ),
			// Our endpoint as a connector of the core AI client (WordPress ≥ 7.0).
			new EndpointConnector(),
			// Job engine.
			$this->jobs_schema(),
			$this->usage_ledger_schema(),
			$this->batch_engine(),
			new UsageRetention( $this->usage_ledger() ),
			$this->runner_secret(),
			new QueueCron( $this->runner(), new RetentionPurger( $this->job_repository(), $this->queue_config() ) ),
			new KickEndpoint( $this->runner(), $this->runner_secret(), $this->kick_slots(), $this->instant_kick(), $this->job_claimer() ),
			$this->queue_health_notice(),
			new CliCommands(
				fn() => new WorkCommand( $this->runner() ),
				fn() => new JobsCommand( $this->job_queue(), $this->job_repository(), $this->job_presenter() ),
				fn() => new QueueCommand( $this->queue_stats() ),
				fn() => new BatchCommand( $this->batch_service(), $this->batch_repository(), $this->batch_presenter() )
			),
			new BatchBulkActions( fn() => $this->batch_service(), $this->batch_repository(), $this->batch_items(), $this->job_access(), $this->job_types() ),
			// A user's jobs in Tools → Export/Erase Personal Data, and the privacy policy guide.
			new PersonalData( $this->job_repository(), $this->job_queue() ),
		);
	}

	/**
	 * The built-in job types (text, image, post_field, alt_text) on `iacp_register_job_types`.
	 */
	public function builtin_job_types(): JobTypesService {
		return $this->shared(
			JobTypesService::class,
			function (): JobTypesService {
				$settings = $this->settings();
				$provider = $this->ai_provider();
				return new JobTypesService(
					new TextJobHandler( $provider, $settings, new TextFormatter() ),
					new ImageJobHandler( $provider, $settings, new ImageFiles(), $this->image_model( ... ) ),
					new PostFieldJobHandler( $provider, $settings ),
					new ImageFiles(),
					new AltTextJobHandler( $provider, $settings )
				);
			}
		);
	}

	/**
	 * The AI provider jobs use: the configured OpenAI-compatible API or the site's AI connectors (the provider
	 * source), behind the shared throttle.
	 */
	public function ai_provider(): AiProvider {
		return $this->shared(
			AiProvider::class,
			function (): AiProvider {
				$settings = $this->settings();
				$keys     = $this->api_key_store();
				$config   = static fn(): ProviderConfig => ProviderConfig::from_settings( $settings, $keys );
				return new ThrottledProvider(
					new SourcedProvider( new ProviderSource( $settings ), new OpenAiCompatibleProvider( $config ), new CoreAiClientProvider( $settings ) ),
					new ProviderThrottle( $settings ),
					static fn(): int => $config()->slot_lease_seconds()
				);
			}
		);
	}

	/**
	 * What the model image jobs go to can make: the one answer the image dialog and the job's schema share.
	 */
	public function image_model(): ImageModelSpec {
		$settings = $this->settings();
		if ( ProviderSource::CONNECTORS === ( new ProviderSource( $settings ) )->current() ) {
			return CoreAiClientProvider::image_model( (string) $settings->get( 'connector_image_model' ) );
		}
		return ImageModelCapabilities::for_model( (string) $settings->get( 'image_model' ) );
	}

	/**
	 * Every iacp/v1 controller; built only when the REST API starts.
	 *
	 * @return list<\WP_REST_Controller>
	 */
	private function rest_controllers(): array {
		$lookup = new JobLookup( $this->job_repository(), $this->job_access() );
		return array(
			new JobsController( $this->job_queue(), $this->job_repository(), $this->job_presenter(), $this->job_access(), $lookup, $this->job_admission() ),
			new JobActionsController( $this->job_queue(), $this->job_presenter(), $this->job_admission(), $lookup ),
			new JobEventsController( new JobEventStream( new JobWatch(), $this->job_presenter(), $this->job_access() ), $lookup, new StreamSlots() ),
			new JobSubjectsController( new JobSubjectsRepository(), $this->job_access() ),
			new QueueController( $this->queue_stats(), new LoopbackProbe( $this->instant_kick() ), $this->runner(), $this->runner_secret(), $this->kick_slots(), $this->queue_health_notice() ),
			new SettingsController( $this->settings(), $this->api_key_store() ),
			new BatchesController( $this->batch_service(), $this->batch_repository(), $this->batch_items(), $this->batch_presenter(), new BatchLookup( $this->batch_service(), $this->job_access() ), $this->job_access() ),
		);
	}

	public function job_access(): JobAccess {
		return $this->shared( JobAccess::class, fn() => new JobAccess( $this->job_types() ) );
	}

	public function usage_limits(): UsageLimits {
		return $this->shared( UsageLimits::class, fn() => new UsageLimits( $this->settings(), new JobUsageRepository(), $this->usage_ledger() ) );
	}

	/**
	 * The `$admit` rule of REST starts and retries (and of any entry acting for a user): who may, and the limits.
	 */
	public function job_admission(): JobAdmission {
		return $this->shared( JobAdmission::class, fn() => new JobAdmission( $this->job_access(), $this->usage_limits() ) );
	}

	public function usage_ledger(): UsageLedger {
		return $this->shared( UsageLedger::class, fn() => new UsageLedger( $this->usage_ledger_schema() ) );
	}

	public function usage_ledger_schema(): UsageLedgerSchema {
		return $this->shared( UsageLedgerSchema::class, fn() => new UsageLedgerSchema() );
	}

	public function api_key_store(): ApiKeyStore {
		return $this->shared( ApiKeyStore::class, fn() => new ApiKeyStore() );
	}

	public function upgrader(): Upgrader {
		return $this->shared( Upgrader::class, fn() => new Upgrader() );
	}

	public function asset_loader(): AssetLoader {
		return $this->shared( AssetLoader::class, fn() => new AssetLoader( $this->dir(), plugins_url( '', $this->main_file ) ) );
	}

	public function settings(): Settings {
		return $this->shared( Settings::class, fn() => new Settings() );
	}

	// Job engine.

	public function job_types(): JobTypeRegistry {
		return $this->shared( JobTypeRegistry::class, fn() => new JobTypeRegistry() );
	}

	public function jobs_schema(): JobsSchema {
		return $this->shared( JobsSchema::class, fn() => new JobsSchema() );
	}

	public function job_repository(): JobRepository {
		return $this->shared( JobRepository::class, fn() => new JobRepository() );
	}

	public function job_presenter(): JobPresenter {
		return $this->shared( JobPresenter::class, fn() => new JobPresenter() );
	}

	public function queue_config(): QueueConfig {
		return $this->shared( QueueConfig::class, fn() => new QueueConfig( $this->settings() ) );
	}

	public function job_queue(): JobQueue {
		return $this->shared(
			JobQueue::class,
			fn() => new JobQueue( $this->job_repository(), $this->job_types(), new JobInputValidator(), $this->queue_config(), $this->instant_kick(), $this->usage_ledger(), new EnqueueLock() )
		);
	}

	public function runner(): Runner {
		return $this->shared(
			Runner::class,
			fn() => new Runner(
				$this->job_claimer(),
				$this->job_types(),
				new JobExecutor( $this->job_repository(), $this->job_types(), $this->queue_config(), new Backoff( $this->queue_config() ), $this->database_link(), $this->fatal_error_monitor(), new UsageMeter( $this->usage_ledger() ) ),
				new Reaper( $this->job_repository() ),
				$this->queue_config(),
				$this->runner_last_seen(),
				$this->database_link(),
				new PhpTimeLimit( $this->job_types() )
			)
		);
	}

	// Batches: many posts or attachments, one job each.

	public function batches_schema(): BatchesSchema {
		return $this->shared( BatchesSchema::class, fn() => new BatchesSchema() );
	}

	public function batch_repository(): BatchRepository {
		return $this->shared( BatchRepository::class, fn() => new BatchRepository( $this->batches_schema() ) );
	}

	public function batch_items(): BatchItemRepository {
		return $this->shared( BatchItemRepository::class, fn() => new BatchItemRepository( $this->batches_schema() ) );
	}

	public function batch_targets(): BatchTargets {
		return $this->shared( BatchTargets::class, fn() => new BatchTargets() );
	}

	public function batch_presenter(): BatchPresenter {
		return $this->shared( BatchPresenter::class, fn() => new BatchPresenter( $this->batch_items(), $this->job_repository() ) );
	}

	public function batch_recall(): BatchRecall {
		return $this->shared( BatchRecall::class, fn() => new BatchRecall( $this->batch_items(), $this->job_queue(), $this->job_repository() ) );
	}

	public function batch_outcome(): BatchItemOutcome {
		return $this->shared( BatchItemOutcome::class, fn() => new BatchItemOutcome( $this->batch_items(), $this->usage_ledger() ) );
	}

	public function batch_service(): BatchService {
		return $this->shared(
			BatchService::class,
			fn() => new BatchService( $this->batch_repository(), $this->batch_items(), $this->batch_targets(), $this->job_queue(), $this->job_repository(), $this->job_access(), $this->job_types(), $this->batch_recall() )
		);
	}

	public function batch_step(): BatchStepHandler {
		return $this->shared(
			BatchStepHandler::class,
			fn() => new BatchStepHandler( $this->batch_repository(), $this->batch_items(), $this->batch_targets(), $this->batch_outcome(), $this->job_queue(), $this->job_repository(), $this->job_access(), $this->usage_limits(), $this->settings(), $this->batch_recall() )
		);
	}

	private function batch_engine(): BatchEngine {
		return new BatchEngine(
			$this->batches_schema(),
			$this->batch_targets(),
			fn(): BatchStepHandler => $this->batch_step(),
			fn(): BatchJobWatcher => new BatchJobWatcher( $this->batch_repository(), $this->batch_items(), $this->batch_outcome(), $this->job_repository(), $this->batch_step() )
		);
	}

	public function database_link(): DatabaseLink {
		return $this->shared( DatabaseLink::class, fn() => new DatabaseLink() );
	}

	public function fatal_error_monitor(): FatalErrorMonitor {
		return $this->shared( FatalErrorMonitor::class, fn() => new FatalErrorMonitor() );
	}

	public function job_claimer(): JobClaimer {
		return $this->shared( JobClaimer::class, fn() => new JobClaimer( $this->job_repository() ) );
	}

	public function queue_stats_repository(): QueueStatsRepository {
		return $this->shared( QueueStatsRepository::class, fn() => new QueueStatsRepository() );
	}

	public function runner_secret(): RunnerSecret {
		return $this->shared( RunnerSecret::class, fn() => new RunnerSecret() );
	}

	/**
	 * The runner slots the instant kick and POST /queue/run share.
	 */
	public function kick_slots(): KickSlots {
		return $this->shared( KickSlots::class, fn() => new KickSlots() );
	}

	public function instant_kick(): InstantKick {
		return $this->shared( InstantKick::class, fn() => new InstantKick( $this->runner_secret() ) );
	}

	public function runner_last_seen(): RunnerLastSeen {
		return $this->shared( RunnerLastSeen::class, fn() => new RunnerLastSeen() );
	}

	public function queue_health_notice(): QueueHealthNotice {
		return $this->shared( QueueHealthNotice::class, fn() => new QueueHealthNotice( $this->queue_stats_repository(), $this->runner_last_seen(), new LoopbackProbe( $this->instant_kick() ) ) );
	}

	public function queue_stats(): QueueStats {
		return $this->shared( QueueStats::class, fn() => new QueueStats( $this->queue_stats_repository(), $this->job_claimer(), $this->runner_last_seen() ) );
	}

	/**
	 * Builds a service on first use and hands back the same one afterwards.
	 *
	 * @template T of object
	 * @param class-string<T> $name    Service name.
	 * @param callable(): T   $factory Builds it.
	 * @return T
	 */
	private function shared( string $name, callable $factory ): object {
		if ( ! isset( $this->services[ $name ] ) ) {
			$this->services[ $name ] = $factory();
		}
		/** @var T */
		return $this->services[ $name ];
	}
}
