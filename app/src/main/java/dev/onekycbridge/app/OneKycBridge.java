package dev.onekycbridge.app;

import dev.onekycbridge.adapter.onekyc.ClientMetrics;
import dev.onekycbridge.adapter.onekyc.OneKycClient;
import dev.onekycbridge.adapter.onekyc.OneKycClientConfig;
import dev.onekycbridge.adapter.persistence.DataKey;
import dev.onekycbridge.adapter.persistence.DataKeyMismatchException;
import dev.onekycbridge.adapter.persistence.DatabaseConfig;
import dev.onekycbridge.adapter.persistence.MigrationReport;
import dev.onekycbridge.adapter.persistence.NewerSchemaException;
import dev.onekycbridge.adapter.persistence.PersistenceAdapter;
import dev.onekycbridge.adapter.persistence.StoreHealth;
import dev.onekycbridge.app.config.BridgeConfig;
import dev.onekycbridge.app.config.ConfigException;
import dev.onekycbridge.core.callback.InboxBacklog;
import dev.onekycbridge.core.document.DocumentInspector;
import dev.onekycbridge.core.event.SubmissionListener;
import dev.onekycbridge.core.port.in.AcceptCallbackUseCase;
import dev.onekycbridge.core.port.in.AdvanceDueSubmissionsUseCase;
import dev.onekycbridge.core.port.in.FlowNotConfiguredException;
import dev.onekycbridge.core.port.in.GetSubmissionUseCase;
import dev.onekycbridge.core.port.in.ListSubmissionsUseCase;
import dev.onekycbridge.core.port.in.ProcessCallbacksUseCase;
import dev.onekycbridge.core.port.in.PurgePersonalDataUseCase;
import dev.onekycbridge.core.port.in.ReconcileSubmissionUseCase;
import dev.onekycbridge.core.port.in.StartCertificateRegistrationUseCase;
import dev.onekycbridge.core.port.in.StartIdentityVerificationUseCase;
import dev.onekycbridge.core.port.in.StartKtpScanUseCase;
import dev.onekycbridge.core.port.out.CallbackInbox;
import dev.onekycbridge.core.port.out.CallbackObserver;
import dev.onekycbridge.core.port.out.DocumentUploader;
import dev.onekycbridge.core.port.out.DriverObserver;
import dev.onekycbridge.core.port.out.DueSubmissions;
import dev.onekycbridge.core.port.out.MessageDecoder;
import dev.onekycbridge.core.port.out.OneKycPlatform;
import dev.onekycbridge.core.port.out.StagedDocuments;
import dev.onekycbridge.core.port.out.StoreUnavailableException;
import dev.onekycbridge.core.port.out.SubmissionCatalog;
import dev.onekycbridge.core.port.out.SubmissionStore;
import dev.onekycbridge.core.service.CallbackService;
import dev.onekycbridge.core.service.IdentityVerificationService;
import dev.onekycbridge.core.service.InlineLaunches;
import dev.onekycbridge.core.service.RequestValidator;
import dev.onekycbridge.core.service.RetentionService;
import dev.onekycbridge.core.service.StartSubmissionService;
import dev.onekycbridge.core.service.SubmissionDriver;
import dev.onekycbridge.core.service.SubmissionQueryService;
import dev.onekycbridge.core.service.WorkflowSettings;
import dev.onekycbridge.core.submission.FlowType;
import dev.onekycbridge.core.submission.SubmissionId;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The bridge assembled: the core's use cases over a platform client and a store, with the background workers
 * that drive submissions and apply callbacks. The entry point for embedding the bridge in another JVM
 * application; the command line and the service use it too. From its build to its {@link #close}, a daemon thread
 * renews the leases of the steps it runs outside the workers (an identity verification's launch by its start
 * request, a reconcile), so that a slow platform does not let another instance repeat them.
 *
 * <pre>{@code
 * try (OneKycBridge bridge = OneKycBridge.builder().config(BridgeConfig.from(source)).build()) {
 *     bridge.addListener(event -> { if (event.finished()) notifyUser(event.submission()); });
 *     bridge.startWorkers();
 *     bridge.certificateRegistrations().startCertificateRegistration(command);
 * }
 * }</pre>
 */
public final class OneKycBridge implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(OneKycBridge.class.getName());
    private final ListenerRegistry listeners;
    /** Separate, so that a stream of callbacks does not send every driver thread to the store for nothing. */
    private final WorkSignal submissionsArrived;
    private final WorkSignal callbacksArrived;
    private final Workers workers;
    /** The workers of one submission ({@link #startWorkersFor}), with the callback worker or not; made per start. */
    private final BiFunction<SubmissionId, Boolean, Workers> workersOfOne;
    private volatile Workers oneSubmissionWorkers;
    private final RetentionSchedule retentionSchedule;
    private final StartSubmissionService intake;
    private final IdentityVerificationService identityVerifications;
    /**
     * The threads of the identity verification starts' launches. Fewer than a web server's workers for those starts
     * (16), so that some are always free for repeats and for the starts answered at once with every launch thread
     * busy.
     */
    private final InlineLaunches inlineLaunches;
    static final int LAUNCH_THREADS = 8;
    /**
     * How long a start waits for its launch before it is answered 202 (the launch goes on): within the 30 s or so a
     * partner's HTTP client or a proxy in front commonly waits, far short of a launch's retries (minutes).
     */
    static final Duration LAUNCH_WAIT = Duration.ofSeconds(20);
    private final CallbackService callbacks;
    private final SubmissionDriver driver;
    /**
     * Renews the leases {@link #driver} holds while their steps run, from the build to the close: inline launches of
     * identity verifications, reconciles of submissions not yet final, rounds run by callers. The workers renew
     * their own driver's. The callback worker's reads of a KTP scan's details hold no submission lease (the scan is
     * final): the callback service extends the callback's own lease for the read.
     */
    private final LeaseRenewal driverLeases;
    private final SubmissionQueryService queries;
    private final RetentionService retention;
    private final SubmissionCatalog catalog;
    private final CallbackInbox inbox;
    /** The store's adapter, for its health; null when the caller supplied the store's ports. */
    private final PersistenceAdapter store;
    /** The flows whose onboarding partner is configured; every flow when the bridge has no configuration. */
    private final Set<FlowType> flows;
    private final List<AutoCloseable> owned;
    private volatile boolean closed;
    /** Whether the workers were started once: the leases of stopped processes are released at the first start. */
    private boolean started;
    /** The name this bridge claims under: its own leases are never taken for a stopped process's. */
    private final String instanceId;

    private OneKycBridge(Builder b, OneKycPlatform platform, DocumentUploader uploader, MessageDecoder decoder,
                         Persistence persistence, List<AutoCloseable> owned) {
        this.owned = owned;
        this.instanceId = b.instanceId;
        this.flows = b.config == null ? EnumSet.allOf(FlowType.class) : b.config.configuredFlows();
        this.listeners = new ListenerRegistry();
        listeners.add(new ConflictLog());
        b.listeners.forEach(listeners::add);
        this.submissionsArrived = new WorkSignal();
        this.callbacksArrived = new WorkSignal();
        this.catalog = persistence.catalog();
        this.inbox = persistence.inbox();
        this.store = persistence.adapter();
        Clock clock = b.clock;
        SecureRandom random = new SecureRandom();
        RequestValidator validator = new RequestValidator(clock, new DocumentInspector(b.settings.documentLimits()));
        this.intake = new StartSubmissionService(validator, persistence.store(), persistence.staged(), listeners,
                clock);
        this.driver = new SubmissionDriver(platform, uploader, persistence.store(), persistence.due(),
                persistence.staged(), listeners, b.driverObserver, clock, random, b.settings, b.instanceId);
        // The workers' own driver claims through a gate that stopping closes; rounds run by callers do not. Each
        // driver's running claims are renewed: the workers' while they run, this one's by the bridge (below).
        ClaimGate workerClaims = new ClaimGate(persistence.due());
        SubmissionDriver workerDriver = new SubmissionDriver(platform, uploader, persistence.store(), workerClaims,
                persistence.staged(), listeners, b.driverObserver, clock, random, b.settings, b.instanceId);
        this.inlineLaunches = InlineLaunches.bounded(LAUNCH_THREADS, LAUNCH_WAIT);
        this.identityVerifications = new IdentityVerificationService(validator, persistence.store(), driver,
                listeners, clock, b.settings, inlineLaunches);
        this.callbacks = new CallbackService(persistence.inbox(), decoder, persistence.store(), persistence.staged(),
                listeners, b.callbackObserver, clock, random, b.settings, driver);
        this.queries = new SubmissionQueryService(persistence.store(), persistence.catalog());
        this.retention = new RetentionService(persistence.store(), persistence.catalog(), persistence.staged(),
                persistence.inbox(), clock);
        this.workers = new Workers(workerDriver, workerClaims, callbacks, submissionsArrived, callbacksArrived,
                b.driverThreads, b.idlePoll, leaseRenewalInterval(b.settings.lease()));
        this.retentionSchedule = new RetentionSchedule(retention, b.purgeAfter(), b.purgeEvery);
        DriverObserver driverObserver = b.driverObserver;
        CallbackObserver callbackObserver = b.callbackObserver;
        WorkflowSettings settings = b.settings;
        String instanceId = b.instanceId;
        Duration idlePoll = b.idlePoll;
        this.workersOfOne = (id, withCallbacks) -> {
            ClaimGate claims = new ClaimGate(persistence.due(), id);
            SubmissionDriver one = new SubmissionDriver(platform, uploader, persistence.store(), claims,
                    persistence.staged(), listeners, driverObserver, clock, random, settings, instanceId);
            CallbackService ownCallbacks = !withCallbacks ? null : new CallbackService(persistence.inbox(), decoder,
                    persistence.store(), persistence.staged(), listeners, callbackObserver, clock, random, settings,
                    new OwnSubmissionDetails(id, one));
            return new Workers(one, claims, ownCallbacks, submissionsArrived, callbacksArrived, 1, idlePoll,
                    leaseRenewalInterval(settings.lease()));
        };
        // Last: nothing after it may fail and leave the thread running for a bridge never built.
        this.driverLeases = LeaseRenewal.start("onekyc-bridge-leases", driver,
                leaseRenewalInterval(b.settings.lease()));
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---- use cases ----

    /**
     * Accepting a registration wakes the driver, so the first step starts at once. A start of a flow that is not
     * configured is refused before anything is stored: its driver steps could never succeed.
     */
    public StartCertificateRegistrationUseCase certificateRegistrations() {
        return command -> {
            requireConfigured(FlowType.CERT_REG);
            return signalled(submissionsArrived, intake.startCertificateRegistration(command));
        };
    }

    public StartKtpScanUseCase ktpScans() {
        return command -> {
            requireConfigured(FlowType.KTP_SCAN);
            return signalled(submissionsArrived, intake.startKtpScan(command));
        };
    }

    public StartIdentityVerificationUseCase identityVerifications() {
        return command -> {
            requireConfigured(FlowType.SIV);
            return identityVerifications.startIdentityVerification(command);
        };
    }

    private void requireConfigured(FlowType flow) {
        if (!flows.contains(flow)) {
            throw new FlowNotConfiguredException(flow, BridgeConfig.onboardingPartnerKey(flow));
        }
    }

    /** Storing a callback wakes the callback worker. */
    public AcceptCallbackUseCase callbacks() {
        return (channel, body) -> signalled(callbacksArrived, callbacks.accept(channel, body));
    }

    public GetSubmissionUseCase submissions() {
        return queries;
    }

    public ListSubmissionsUseCase submissionList() {
        return queries;
    }

    public ReconcileSubmissionUseCase reconciliation() {
        return driver;
    }

    public PurgePersonalDataUseCase retention() {
        return retention;
    }

    /**
     * One driver round, for callers that run the workflow themselves instead of {@link #startWorkers}; the bridge
     * renews the leases of its steps while they run.
     */
    public AdvanceDueSubmissionsUseCase driver() {
        return driver;
    }

    /** One callback round, for callers that run the workflow themselves. */
    public ProcessCallbacksUseCase callbackWorker() {
        return callbacks;
    }

    public SubmissionCatalog catalog() {
        return catalog;
    }

    /** The callbacks still to be applied (see {@link CallbackInbox#waiting}): cheap enough for every scrape. */
    public InboxBacklog callbacksWaiting() {
        return inbox.waiting();
    }

    /** Whether the store is reachable, migrated and takes writes. */
    public boolean isReady() {
        return storeHealth().ready();
    }

    /**
     * Each part of the store's readiness and how it stands (see {@link PersistenceAdapter#health}); a store the
     * caller supplied is taken as ready, unchecked.
     */
    public StoreHealth storeHealth() {
        return store == null ? new StoreHealth(true, Map.of("store", "supplied by the application, not checked"))
                : store.health();
    }

    /** Writes the store could not make since it was opened, by target ({@code database}, {@code images}). */
    public Map<String, Long> storeWriteFailures() {
        return store == null ? Map.of() : Map.of("database", store.databaseWriteFailures(), "images",
                store.imageWriteFailures());
    }

    public void addListener(SubmissionListener listener) {
        listeners.add(listener);
    }

    public void removeListener(SubmissionListener listener) {
        listeners.remove(listener);
    }

    // ---- lifecycle ----

    private void closePlatformClient() {
        for (AutoCloseable closeable : owned) {
            if (closeable instanceof OneKycClient client) {
                client.close();
            }
        }
    }

    /**
     * Starts the driver and callback workers in the background, and the retention purge: a minute after the
     * start, then every {@link Builder#purgeEvery} (an hour by default). The workers are not daemon threads: they
     * keep the JVM running until {@link #stopWorkers} or {@link #close}. At the first start, before the workers
     * claim anything, the default store releases the leases of the processes of this host that stopped without
     * releasing them (see {@link StoppedProcesses}).
     *
     * @throws IllegalStateException once the bridge is closed
     */
    public synchronized void startWorkers() {
        if (closed) {
            throw new IllegalStateException("the bridge is closed");
        }
        if (!started && store != null) {
            releaseLeasesOfStoppedProcesses();
        }
        started = true;
        workers.start();
        retentionSchedule.start();
    }

    private void releaseLeasesOfStoppedProcesses() {
        try {
            int released = store.releaseLeasesOf(StoppedProcesses.ofThisHost(instanceId));
            if (released > 0) {
                LOG.log(System.Logger.Level.INFO, "released the leases on " + released + " submission(s) that a"
                        + " stopped process of this host held: they are due again at once");
            }
        } catch (StoreUnavailableException e) {
            LOG.log(System.Logger.Level.WARNING, "the leases of stopped processes could not be released, so their"
                    + " submissions wait for the leases to run out: " + e.getMessage());
        }
    }

    /**
     * Drives the one submission {@code id} in the background, as {@link #startWorkers} drives them all: one driver
     * thread that claims it whenever its next step is due, and no callback worker or retention purge. For a process
     * beside a running service, which drives every other submission and applies the callbacks; it must not hold
     * other partners' submissions under leases that die with it.
     *
     * @throws IllegalStateException once the bridge is closed, or while its workers run
     */
    public synchronized void startWorkersFor(SubmissionId id) {
        startWorkersFor(id, false);
    }

    /**
     * As {@link #startWorkersFor(SubmissionId)}, with the callback worker too when {@code withCallbacks}: for a
     * process that receives its submission's callbacks itself (a registration against an embedded sandbox), in a
     * database other submissions may share.
     */
    public synchronized void startWorkersFor(SubmissionId id, boolean withCallbacks) {
        Objects.requireNonNull(id, "id");
        if (closed) {
            throw new IllegalStateException("the bridge is closed");
        }
        if (oneSubmissionWorkers != null) {
            throw new IllegalStateException("the workers of one submission run already");
        }
        oneSubmissionWorkers = workersOfOne.apply(id, withCallbacks);
        oneSubmissionWorkers.start();
    }

    /**
     * Stops the workers: from now on they claim no work, and the steps in flight may finish for up to
     * {@code grace}.
     */
    public void stopWorkers(Duration grace) {
        retentionSchedule.stop();
        workers.stop(grace, null);
        Workers one = oneSubmissionWorkers;
        if (one != null) {
            one.stop(grace, null);
        }
    }

    /**
     * Stops the workers and closes what the builder opened (pool, HTTP client). A step still waiting on the
     * platform after the workers' grace (10 s, or the one {@link #stopWorkers} gave) is cut off by closing the
     * client the builder opened: it ends as a failed attempt, to be retried, and releases its lease before the
     * store closes. So is a launch of an identity verification that its start request stopped waiting for, after
     * as long again. The leases of launches and reconciles still running on other threads are renewed no more.
     */
    @Override
    public void close() {
        closed = true;
        retentionSchedule.stop();
        workers.stop(Duration.ofSeconds(10), this::closePlatformClient);
        Workers one = oneSubmissionWorkers;
        if (one != null) {
            one.stop(Duration.ofSeconds(10), this::closePlatformClient);
        }
        // Launches the start requests stopped waiting for: ended (or cut off) while their leases are still renewed.
        inlineLaunches.stop(Duration.ofSeconds(10), this::closePlatformClient);
        driverLeases.stop();
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception e) {
                System.getLogger(OneKycBridge.class.getName()).log(System.Logger.Level.WARNING,
                        "closing " + owned.get(i).getClass().getSimpleName() + " failed");
            }
        }
    }

    /** A quarter of the lease, so that a renewal that fails once still has two more tries before it ends. */
    static Duration leaseRenewalInterval(Duration lease) {
        Duration quarter = lease.dividedBy(4);
        return quarter.compareTo(Duration.ofMillis(50)) < 0 ? Duration.ofMillis(50) : quarter;
    }

    private static <T> T signalled(WorkSignal signal, T result) {
        signal.signal();
        return result;
    }

    /** The store's ports, from the persistence adapter or supplied by the caller. */
    private record Persistence(SubmissionStore store, DueSubmissions due, SubmissionCatalog catalog,
                               StagedDocuments staged, CallbackInbox inbox, PersistenceAdapter adapter) {
    }

    /** Assembles a bridge from a configuration, with any adapter replaced by the caller's. */
    public static final class Builder {
        private BridgeConfig config;
        private OneKycPlatform platform;
        private DocumentUploader uploader;
        private MessageDecoder decoder;
        private Persistence persistence;
        private PersistenceAdapter persistenceAdapter;
        private Clock clock = Clock.systemUTC();
        private WorkflowSettings settings;
        private final List<SubmissionListener> listeners = new ArrayList<>();
        private DriverObserver driverObserver = DriverObserver.NONE;
        private CallbackObserver callbackObserver = CallbackObserver.NONE;
        private ClientMetrics clientMetrics = ClientMetrics.NONE;
        private int driverThreads = 4;
        private Duration idlePoll = Duration.ofMillis(500);
        private Duration purgeAfter;
        private Duration purgeEvery = Duration.ofHours(1);
        private String instanceId = StoppedProcesses.instanceId();
        private UploadProgress uploadProgress;

        private Builder() {
        }

        /** The configuration the default adapters are built from. */
        public Builder config(BridgeConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** Replaces the OneKYC client: any implementation of the platform, upload and decoder ports. */
        public Builder platform(OneKycPlatform platform, DocumentUploader uploader, MessageDecoder decoder) {
            this.platform = Objects.requireNonNull(platform, "platform");
            this.uploader = Objects.requireNonNull(uploader, "uploader");
            this.decoder = Objects.requireNonNull(decoder, "decoder");
            return this;
        }

        /** Replaces the store: any implementation of the store ports (e.g. the core's in-memory ones). */
        public Builder store(SubmissionStore store, DueSubmissions due, SubmissionCatalog catalog,
                             StagedDocuments staged, CallbackInbox inbox) {
            this.persistence = new Persistence(store, due, catalog, staged, inbox, null);
            return this;
        }

        /** Uses an already opened persistence adapter, which the bridge will not close. */
        public Builder persistence(PersistenceAdapter adapter) {
            this.persistenceAdapter = Objects.requireNonNull(adapter, "adapter");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder workflowSettings(WorkflowSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        public Builder listener(SubmissionListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Metrics hooks of the driver, callbacks and client. */
        public Builder observers(DriverObserver driver, CallbackObserver callbacks, ClientMetrics client) {
            this.driverObserver = Objects.requireNonNull(driver, "driver");
            this.callbackObserver = Objects.requireNonNull(callbacks, "callbacks");
            this.clientMetrics = Objects.requireNonNull(client, "client");
            return this;
        }

        public Builder driverThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("at least one driver thread");
            }
            this.driverThreads = threads;
            return this;
        }

        /** How long idle workers wait before looking at the store again when nothing woke them. */
        public Builder idlePoll(Duration interval) {
            this.idlePoll = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /** How long personal data is kept; by default the configuration's BRIDGE_PURGE_AFTER, else 30 days. */
        public Builder purgeAfter(Duration retention) {
            this.purgeAfter = positive(retention, "retention");
            return this;
        }

        /** How often the running workers purge what is older than {@link #purgeAfter}; an hour by default. */
        public Builder purgeEvery(Duration interval) {
            this.purgeEvery = positive(interval, "interval");
            return this;
        }

        private Duration purgeAfter() {
            return purgeAfter != null ? purgeAfter : config != null ? config.purgeAfter() : Duration.ofDays(30);
        }

        private static Duration positive(Duration duration, String name) {
            Objects.requireNonNull(duration, name);
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return duration;
        }

        /** Reports the progress of every document upload, e.g. for a progress bar. */
        public Builder uploadProgress(UploadProgress progress) {
            this.uploadProgress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        /** The name this instance claims work under; unique per running process. */
        public Builder instanceId(String id) {
            this.instanceId = Objects.requireNonNull(id, "id");
            return this;
        }

        public OneKycBridge build() {
            List<AutoCloseable> owned = new ArrayList<>();
            try {
                if (settings == null) {
                    settings = config == null ? WorkflowSettings.DEFAULT
                            : WorkflowSettings.DEFAULT.withPollAfter(config.pollAfter()).withLease(config.claimLease())
                                    .withMatchWindow(config.callbackMatchWindow());
                }
                if (platform == null) {
                    OneKycClient client = OneKycClient.create(clientConfig(requireConfig("the OneKYC client")));
                    owned.add(client);
                    platform = new ConfiguredFlowsPlatform(client, config.configuredFlows());
                    uploader = client;
                    decoder = client;
                }
                Persistence ports = persistence;
                if (ports == null) {
                    PersistenceAdapter adapter = persistenceAdapter;
                    if (adapter == null) {
                        adapter = openStore(databaseConfig(requireConfig("the store")));
                        owned.add(adapter);
                    }
                    // The inbox gives up on a damaged body after the window the callback service uses.
                    ports = new Persistence(adapter.submissionStore(), adapter.dueSubmissions(),
                            adapter.submissionCatalog(), adapter.stagedDocuments(),
                            adapter.callbackInbox(settings.matchWindow()), adapter);
                }
                DocumentUploader reportingUploader = uploadProgress == null ? uploader
                        : new ProgressReportingUploader(uploader, uploadProgress);
                return new OneKycBridge(this, platform, reportingUploader, decoder, ports, owned);
            } catch (RuntimeException e) {
                for (AutoCloseable closeable : owned) {
                    try {
                        closeable.close();
                    } catch (Exception suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                throw e;
            }
        }

        private BridgeConfig requireConfig(String what) {
            if (config == null) {
                throw new IllegalStateException("a configuration is needed to build " + what
                        + " (or supply one with the builder)");
            }
            return config;
        }

        private OneKycClientConfig clientConfig(BridgeConfig c) {
            return OneKycBridge.clientConfig(c, clock).withMetrics(clientMetrics);
        }

        static DatabaseConfig databaseConfig(BridgeConfig c) {
            DataKey key = DataKey.of(keyId(c.dataKey()), c.dataKey());
            List<DataKey> previous = c.previousDataKeys().stream().map(k -> DataKey.of(keyId(k), k)).toList();
            // On SQLite, staged images are files beside the database: the one writer never copies their pages.
            DatabaseConfig database = DatabaseConfig.of(c.dbUrl(), key).withPreviousDataKeys(previous)
                    .withPoolSize(c.dbPoolSize()).withImageFolderBesideSqliteFile();
            // Either may come alone: the user in the URL and the password from a secret, say.
            if (c.dbUser() != null || c.dbPassword() != null) {
                database = database.withCredentials(c.dbUser(), c.dbPassword() == null ? null : c.dbPassword().value());
            }
            return database;
        }

    }

    /** Opens the store of this configuration alone, for commands that never call the platform. */
    public static PersistenceAdapter openStore(BridgeConfig config) {
        return openStore(Builder.databaseConfig(config));
    }

    /**
     * Opens the store; data keys that cannot read it (another key's material, or a key removed while values are
     * still encrypted under it), and a schema a newer build migrated, are configuration errors naming the settings,
     * so that the process does not start.
     */
    public static PersistenceAdapter openStore(DatabaseConfig database) {
        try {
            return PersistenceAdapter.open(database);
        } catch (DataKeyMismatchException | NewerSchemaException e) {
            throw unusable(e);
        }
    }

    /**
     * Applies the store's pending migrations ({@code db migrate}); data keys that cannot read it stop it before the
     * schema changes, with the same configuration errors as {@link #openStore}.
     */
    public static MigrationReport migrateStore(PersistenceAdapter store) {
        try {
            return store.migrate();
        } catch (DataKeyMismatchException | NewerSchemaException e) {
            throw unusable(e);
        }
    }

    private static ConfigException unusable(RuntimeException e) {
        String settings = e instanceof DataKeyMismatchException ? "BRIDGE_DATA_KEY / BRIDGE_PREVIOUS_DATA_KEYS"
                : "BRIDGE_DB_URL";
        return new ConfigException(List.of(settings + ": " + e.getMessage()));
    }

    /** The store's settings for this configuration: URL, credentials, pool size, data keys. */
    public static DatabaseConfig databaseConfig(BridgeConfig config) {
        return Builder.databaseConfig(config);
    }

    /**
     * The OneKYC client's settings for this configuration: URLs, credentials, onboarding partners, the consent
     * timestamp's unit, and {@code clock}. The builder adds its metrics hooks.
     */
    public static OneKycClientConfig clientConfig(BridgeConfig c, Clock clock) {
        OneKycClientConfig client = OneKycClientConfig.of(c.authBaseUrl().toString(), c.coeAuthBaseUrl().toString(),
                        c.apiBaseUrl().toString())
                .withCredentials(c.clientId().value(), c.passKey().value())
                .withConsentTimestampUnit(c.consentTimestampUnit() == BridgeConfig.ConsentTimestampUnit.SECONDS
                        ? OneKycClientConfig.ConsentTimestampUnit.SECONDS
                        : OneKycClientConfig.ConsentTimestampUnit.MILLIS)
                .withClock(clock);
        if (c.onboardingPartner() != null) {
            client = client.withCertRegOnboardingPartner(c.onboardingPartner());
        }
        if (c.coeOnboardingPartner() != null) {
            client = client.withKtpScanOnboardingPartner(c.coeOnboardingPartner());
        }
        if (c.sivOnboardingPartner() != null) {
            client = client.withSivOnboardingPartner(c.sivOnboardingPartner());
        }
        return client;
    }

    /** A key's id, derived from the key so that nobody has to name keys: the first 8 bytes of its SHA-256. */
    static String keyId(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return "k" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
