/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.reuseport.cache.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.reuseport.cache.CacheInvalidation;
import dev.reuseport.cache.CacheInvalidationListener;
import dev.reuseport.redis.RedisConnector;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpHeaders;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The Redis tier of the HTTP response cache, shared by every instance of the application:
 * a local miss looks here before the origin, a local fill is written here in the
 * background, and an invalidation made on any instance reaches here once.
 * <p>
 * <b>Layout.</b> Every key starts with {@code rp:<application>:v1:} (the envelope
 * version). A primary key ({@link HttpCacheKey}) is one hash, {@code e:<key hash>}, whose
 * field {@code vary} names the request fields its variants vary on and whose fields
 * {@code <variant>.e} and {@code <variant>.k} hold each variant's {@link ResponseEnvelope
 * envelope} and the epochs it depends on, with the value each had when it was stored. A
 * variant is found from the request alone: the hash of the request's normalized values of
 * the {@code vary} fields (one extra round trip when those names are not the ones
 * remembered for the key). No lookup ever uses {@code SCAN} or {@code KEYS}.
 * <p>
 * <b>Invalidation by epochs.</b> A tag purge sets {@code t:<tag hash>} to the Redis time
 * of the purge; an invalidation by key sets {@code p:<path hash>} (every host and scheme
 * of that path and query); a purge of everything sets {@code a}. An entry is served only
 * if every epoch it depends on ({@code a}, its path's, its tags') still has the value it
 * had when the entry was stored: a purge is one write whatever the number of entries, and
 * an epoch evicted by Redis makes its entries misses (fail closed), even after a later
 * fill has created it again (with a new value: the negated Redis time). A fill that
 * started before a purge of its key or tags is refused when it arrives (a fill racing a
 * purge never brings purged content back). Every key has a time-to-live: an entry's is
 * its remaining freshness and stale windows, an epoch's at least its entries'. <b>Redis
 * never slows a hit.</b> Local hits never reach this tier. A lookup has
 * {@code lookupTimeout}, and a miss beyond it; failures in a row open a
 * {@link CircuitBreaker} that skips Redis altogether, without a timeout per request, and
 * tries it again later. Writes (fills, invalidations) go through a bounded queue on a
 * thread of their own and are dropped when it is full; invalidations made while Redis is
 * away wait (or turn into one purge of everything past the bound) and are written when it
 * is back, so purges made during an outage win over entries stored before it. Replies are
 * decoded off Lettuce's event loops.
 * <p>
 * <b>Cluster-wide coalescing.</b> A miss that is the first on its instance takes a short
 * lock ({@code l:<key hash>}, {@code SET NX PX} with an owner token) in the round trip of
 * its lookup; the write of its fill releases it (compare-and-delete, in the same script),
 * or, when nothing is shared, a compare-and-delete script once the response is sent. The
 * misses of other instances that find it taken wait for the fill, at most
 * {@code coalesceWait}, then go to the origin themselves.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public final class RedisResponseTier implements CacheInvalidationListener, RedisTierStatistics, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(RedisResponseTier.class);

	private static final String NO_VARY = "-";

	private static final int MAX_IN_FLIGHT_WRITES = 64;

	private static final Duration FILL_POLL = Duration.ofMillis(25);

	/**
	 * The statuses shared with the other instances: success and the lasting answers
	 * (redirects, gone, not found). An error that one instance stored by its explicit
	 * freshness stays on that instance: shared, a transient failure or a response to a
	 * malformed request would deny the page to every instance (cache-poisoned denial of
	 * service).
	 */
	private static final Set<Integer> SHARED_STATUSES = Set.of(200, 203, 204, 300, 301, 308, 404, 410);

	private static final Script LOOKUP = new Script("""
			local t = redis.call('TIME')
			local now = t[1] * 1000000 + t[2]
			local function miss(outcome)
			  if ARGV[4] == '' then return {now, outcome} end
			  if redis.call('SET', KEYS[2], ARGV[4], 'NX', 'PX', ARGV[5]) then return {now, outcome, 'locked'} end
			  return {now, outcome, 'held'}
			end
			local names = redis.call('HGET', KEYS[1], 'vary')
			if not names then return miss('miss') end
			if names ~= ARGV[2] then return {now, 'vary', names} end
			local v = redis.call('HMGET', KEYS[1], ARGV[3] .. '.e', ARGV[3] .. '.k')
			if not v[1] or not v[2] then return miss('miss') end
			for epoch, seen in string.gmatch(v[2], '(%S+)=(%S+)') do
			  if redis.call('GET', ARGV[1] .. epoch) ~= seen then return miss('invalid') end
			end
			return {now, 'hit', v[1]}
			""");

	private static final Script STORE = new Script("""
			if ARGV[8] ~= '' and redis.call('GET', KEYS[2]) == ARGV[8] then redis.call('DEL', KEYS[2]) end
			local s = tonumber(ARGV[4])
			local ttl = tonumber(ARGV[6])
			local seen = {}
			for epoch in string.gmatch(ARGV[7], '%S+') do
			  local k = ARGV[1] .. epoch
			  local e = redis.call('GET', k)
			  if not e then
			    local t = redis.call('TIME')
			    e = string.format('-%d%06d', t[1], t[2])
			    redis.call('SET', k, e, 'PX', ttl)
			  else
			    if tonumber(e) > s then return 0 end
			    if redis.call('PTTL', k) < ttl then redis.call('PEXPIRE', k, ttl) end
			  end
			  seen[#seen + 1] = epoch .. '=' .. e
			end
			local names = redis.call('HGET', KEYS[1], 'vary')
			if (names and names ~= ARGV[2]) or redis.call('HLEN', KEYS[1]) > 49 then redis.call('DEL', KEYS[1]) end
			redis.call('HSET', KEYS[1], 'vary', ARGV[2], ARGV[3] .. '.e', ARGV[5], ARGV[3] .. '.k',
			  table.concat(seen, ' '))
			if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
			return 1
			""");

	private static final Script EPOCH = new Script("""
			local t = redis.call('TIME')
			local now = t[1] * 1000000 + t[2]
			local ttl = tonumber(ARGV[1])
			local current = redis.call('PTTL', KEYS[1])
			if current > ttl then ttl = current end
			redis.call('SET', KEYS[1], string.format('%.0f', now), 'PX', ttl)
			return 1
			""");

	private static final Script TIME = new Script("""
			local t = redis.call('TIME')
			return t[1] * 1000000 + t[2]
			""");

	private static final Script UNLOCK = new Script("""
			if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
			return 0
			""");

	private final RedisConnector redis;

	private final RedisTierSettings settings;

	private final HttpResponseCache cache;

	private final ResponseEnvelope envelope;

	private final String prefix;

	private final byte[] prefixBytes;

	private final CircuitBreaker breaker;

	private final String instance = UUID.randomUUID().toString();

	private final Cache<HttpCacheKey, String> varyNames = Caffeine.newBuilder()
		.maximumSize(10_000)
		.expireAfterWrite(Duration.ofMinutes(10))
		.executor(Runnable::run)
		.build();

	/**
	 * The {@code Vary} names of the last key seen, the guess for a key not seen yet: the
	 * responses of one application mostly vary on the same fields (or none), so that a
	 * first lookup mostly needs one round trip, not two.
	 */
	private volatile String lastVary = "";

	private final ThreadPoolExecutor writes;

	private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT_WRITES);

	private final Deque<String> pendingEpochs = new ArrayDeque<>();

	private final Object pendingMonitor = new Object();

	private boolean pendingAll;

	private volatile boolean hasPending;

	private final LongAdder hits = new LongAdder();

	private final LongAdder misses = new LongAdder();

	private final LongAdder skipped = new LongAdder();

	private final LongAdder fills = new LongAdder();

	private final LongAdder refusedFills = new LongAdder();

	private final LongAdder droppedWrites = new LongAdder();

	private final LongAdder coalescedWaits = new LongAdder();

	private final LongAdder lockTimeouts = new LongAdder();

	private final LongAdder rejected = new LongAdder();

	private final LongAdder bytesWritten = new LongAdder();

	private final LongAdder invalidations = new LongAdder();

	private volatile @Nullable StatefulRedisConnection<byte[], byte[]> connection;

	private volatile boolean running;

	private volatile boolean downReported;

	private volatile @Nullable Disposable retries;

	/**
	 * Create a new instance, listening to the invalidations of a cache.
	 * @param redis the Redis to use
	 * @param settings how the tier behaves
	 * @param cache the local tier, whose maximum entry size, clock and invalidations this
	 * tier shares
	 */
	public RedisResponseTier(RedisConnector redis, RedisTierSettings settings, HttpResponseCache cache) {
		this.redis = redis;
		this.settings = settings;
		this.cache = cache;
		this.envelope = new ResponseEnvelope(cache.getMaxEntrySize(), settings.compressAbove(), settings.signingKey());
		this.prefix = "rp:" + settings.application() + ":v" + ResponseEnvelope.VERSION + ":";
		this.prefixBytes = bytes(this.prefix);
		this.breaker = new CircuitBreaker(settings.breakerFailures(), settings.breakerOpenFor().toNanos(),
				System::nanoTime);
		CustomizableThreadFactory threads = new CustomizableThreadFactory("reuseport-cache-redis-");
		threads.setDaemon(true);
		this.writes = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
				new ArrayBlockingQueue<>(settings.maxPendingWrites()), threads);
		cache.addInvalidationListener(this);
	}

	@Override
	public void start() {
		this.running = true;
		this.breaker.open();
		submit(this::connect);
		this.retries = Schedulers.parallel().schedulePeriodically(this::retryPending, 1, 1, TimeUnit.SECONDS);
	}

	/**
	 * Try the invalidations kept for Redis again, once a second while some wait and the
	 * breaker lets calls through.
	 */
	private void retryPending() {
		if (this.hasPending && this.connection != null && this.breaker.getState() == CircuitBreaker.State.CLOSED) {
			submit(this::replayPending);
		}
	}

	@Override
	public void stop() {
		this.running = false;
		Disposable retries = this.retries;
		if (retries != null) {
			retries.dispose();
		}
		finishWrites();
		StatefulRedisConnection<byte[], byte[]> connection = this.connection;
		this.connection = null;
		if (connection != null) {
			connection.closeAsync();
		}
	}

	/**
	 * Let the writes already queued (fills, which release their fill locks, and
	 * invalidations) reach Redis, for at most a second, so that a stopping instance
	 * leaves no lock for the others to wait on.
	 */
	private void finishWrites() {
		this.writes.shutdown();
		try {
			if (this.writes.awaitTermination(1, TimeUnit.SECONDS)
					&& this.inFlight.tryAcquire(MAX_IN_FLIGHT_WRITES, 1, TimeUnit.SECONDS)) {
				this.inFlight.release(MAX_IN_FLIGHT_WRITES);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.writes.shutdownNow();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

	/**
	 * Open the tier's connection, on its own thread: at start, and each time the breaker
	 * opens, so that a broken connection is replaced before the breaker's trial.
	 */
	private void connect() {
		if (!this.running) {
			return;
		}
		StatefulRedisConnection<byte[], byte[]> previous = this.connection;
		this.connection = null;
		if (previous != null) {
			previous.closeAsync();
		}
		try {
			StatefulRedisConnection<byte[], byte[]> connection = this.redis.connect(ByteArrayCodec.INSTANCE);
			this.connection = connection;
			warnIfEvictionIsOff(connection);
			if (this.breaker.succeeded()) {
				up();
			}
		}
		catch (RuntimeException ex) {
			down("cannot connect to " + this.redis.getDescription() + ": " + ex.getMessage());
			this.breaker.open();
			Schedulers.parallel()
				.schedule(() -> submit(this::connect), this.settings.breakerOpenFor().toMillis(),
						TimeUnit.MILLISECONDS);
		}
	}

	private void warnIfEvictionIsOff(StatefulRedisConnection<byte[], byte[]> connection) {
		try {
			Map<String, String> policy = connection.async()
				.configGet("maxmemory-policy")
				.toCompletableFuture()
				.get(this.settings.lookupTimeout().toMillis() * 20, TimeUnit.MILLISECONDS);
			if ("noeviction".equals(policy.get("maxmemory-policy"))) {
				logger.warn("The Redis of the HTTP response cache (" + this.redis.getDescription()
						+ ") has maxmemory-policy noeviction: once it is full, every fill fails. A cache wants an "
						+ "evicting policy (allkeys-lru or allkeys-lfu; every key the cache writes has a time-to-live, "
						+ "so volatile-lru works too) on a Redis of its own, apart from any job queue.");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			logger.debug("Could not read maxmemory-policy (CONFIG may be disabled)", ex);
		}
	}

	private void up() {
		this.downReported = false;
		logger.info("Redis tier of the HTTP response cache is up (" + this.redis.getDescription() + ")");
		replayPending();
	}

	private void down(String reason) {
		if (!this.downReported) {
			this.downReported = true;
			logger.warn("Redis tier of the HTTP response cache is skipped for now: " + reason);
		}
	}

	/**
	 * Look a request up. Never fails and never waits longer than the lookup timeout.
	 * @param key the primary key
	 * @param requestHeaders the request's header fields, for the variant
	 * @return the result: a hit, a miss with the Redis time it was made at (the start of
	 * a fill that follows), or skipped
	 */
	Mono<Lookup> lookup(HttpCacheKey key, HttpHeaders requestHeaders) {
		return lookup(key, requestHeaders, false, null);
	}

	/**
	 * Look a request up and, on a miss, take the key's fill lock in the same round trip.
	 * Never fails and never waits longer than the lookup timeout.
	 * @param key the primary key
	 * @param requestHeaders the request's header fields, for the variant
	 * @param lock whether to take the fill lock on a miss
	 * @param loop the event loop to go on with (the request's), or {@code null} for
	 * Reactor's parallel scheduler
	 * @return the result: a hit, a miss with the Redis time it was made at (the start of
	 * a fill that follows) and the lock's state, or skipped
	 */
	Mono<Lookup> lookup(HttpCacheKey key, HttpHeaders requestHeaders, boolean lock,
			@Nullable ScheduledExecutorService loop) {
		StatefulRedisConnection<byte[], byte[]> connection = this.connection;
		if (connection == null || !this.breaker.allow()) {
			this.skipped.increment();
			return Mono.just(Lookup.SKIPPED);
		}
		String names = this.varyNames.getIfPresent(key);
		return lookup(connection, key, requestHeaders, (names != null) ? names : this.lastVary, true, lock, loop);
	}

	private Mono<Lookup> lookup(StatefulRedisConnection<byte[], byte[]> connection, HttpCacheKey key,
			HttpHeaders requestHeaders, String names, boolean again, boolean lock,
			@Nullable ScheduledExecutorService loop) {
		byte[] entry = bytes(entryKey(key));
		byte[] field = bytes(variant(names, requestHeaders));
		String token = lock ? newToken() : "";
		Supplier<CompletionStage<Object>> command = () -> LOOKUP
			.run(connection.async(), ScriptOutputType.MULTI, new byte[][] { entry, bytes(lockKey(key)) },
					this.prefixBytes, bytes(names), field, bytes(token),
					bytes(Long.toString(this.settings.lockTimeToLive().toMillis())))
			.thenCompose((reply) -> decodeHit(key, (List<?>) reply));
		return RedisCall.on(loop, this.settings.lookupTimeout(), command).flatMap((reply) -> {
			succeeded();
			List<?> result = (List<?>) reply;
			long time = (Long) result.get(0);
			String outcome = (result.size() > 1) ? string(result.get(1)) : "miss";
			if ("vary".equals(outcome)) {
				String stored = string(result.get(2));
				this.varyNames.put(key, stored);
				this.lastVary = stored;
				return again ? lookup(connection, key, requestHeaders, stored, false, lock, loop)
						: miss(time, null, false);
			}
			if ("hit".equals(outcome) && result.get(2) instanceof StoredResponse response) {
				this.hits.increment();
				return Mono.just(new Lookup(response, time, null, false));
			}
			String locked = (result.size() > 2 && !"hit".equals(outcome)) ? string(result.get(2)) : "";
			return miss(time, "locked".equals(locked) ? token : null, "held".equals(locked));
		}).onErrorResume((ex) -> {
			failed("lookup", ex);
			this.skipped.increment();
			if (lock) {
				// the lock may have been taken just before the timeout
				unlock(key, token);
			}
			return Mono.just(Lookup.SKIPPED);
		});
	}

	/**
	 * Decode the entry of a hit off Lettuce's and the server's event loops: the entry is
	 * read from Redis, hostile input. Other replies go on as they are.
	 * @param key the primary key
	 * @param reply the reply of the lookup script
	 * @return the reply, with the entry of a hit decoded (or the hit turned into a miss
	 * when the entry is refused)
	 */
	private CompletionStage<Object> decodeHit(HttpCacheKey key, List<?> reply) {
		if (reply.size() < 3 || !"hit".equals(string(reply.get(1)))) {
			return CompletableFuture.completedFuture(reply);
		}
		return CompletableFuture.supplyAsync(() -> {
			StoredResponse response = decode(key, (byte[]) reply.get(2));
			return (response != null) ? List.of(reply.get(0), "hit", response) : List.of(reply.get(0), "rejected");
		}, (task) -> Schedulers.parallel().schedule(task));
	}

	private Mono<Lookup> miss(long time, @Nullable String lockToken, boolean lockHeld) {
		this.misses.increment();
		return Mono.just(new Lookup(null, time, lockToken, lockHeld));
	}

	private String newToken() {
		// not UUID.randomUUID(): SecureRandom may read /dev/urandom, a blocking read on
		// the event loop; a token only needs to tell this fill from others
		return this.instance + ":" + Long.toHexString(ThreadLocalRandom.current().nextLong());
	}

	private @Nullable StoredResponse decode(HttpCacheKey key, byte[] bytes) {
		try {
			return this.envelope.read(key, bytes);
		}
		catch (RuntimeException ex) {
			this.rejected.increment();
			logger.debug("Ignored the Redis entry of " + key + ": " + ex.getMessage());
			return null;
		}
	}

	/**
	 * Return the Redis time now, the start of a fill that does not follow a lookup (a
	 * background revalidation), or empty when Redis is skipped.
	 * @return the time in microseconds
	 */
	Mono<Long> time() {
		StatefulRedisConnection<byte[], byte[]> connection = this.connection;
		if (connection == null || !this.breaker.allow()) {
			return Mono.empty();
		}
		return RedisCall
			.on(null, this.settings.lookupTimeout(),
					() -> TIME.run(connection.async(), ScriptOutputType.INTEGER, new byte[0][]))
			.map((time) -> {
				succeeded();
				return (Long) time;
			})
			.onErrorResume((ex) -> {
				failed("time", ex);
				return Mono.empty();
			});
	}

	/**
	 * Write a response the local tier stored, in the background; dropped when too many
	 * writes wait or Redis is skipped.
	 * @param key the primary key
	 * @param response the response
	 * @param fillStart the Redis time the fill started at, as a lookup returned it
	 * @param lockToken the token of the fill lock this fill holds, released with the
	 * write, or {@code null}
	 * @return whether the write took the lock over (it releases it when done); when
	 * {@code false}, the caller releases it
	 */
	boolean fill(HttpCacheKey key, StoredResponse response, long fillStart, @Nullable String lockToken) {
		if (fillStart < 0 || this.connection == null || this.breaker.getState() != CircuitBreaker.State.CLOSED
				|| !SHARED_STATUSES.contains(response.status()) || !this.envelope.fits(response)) {
			return false;
		}
		return submit(() -> write(key, response, fillStart, lockToken));
	}

	private void write(HttpCacheKey key, StoredResponse response, long fillStart, @Nullable String lockToken) {
		StatefulRedisConnection<byte[], byte[]> connection = this.connection;
		long ttl = Math.min(response.deleteAt() - this.cache.now(), this.settings.maxTimeToLive().toMillis());
		if (connection == null || ttl <= 0) {
			if (lockToken != null) {
				unlock(key, lockToken);
			}
			return;
		}
		byte[] bytes = this.envelope.write(key, response);
		String names = String.join(",", new TreeMap<>(response.vary()).keySet());
		String epochs = epochs(key, response);
		acquire();
		STORE
			.run(connection.async(), ScriptOutputType.INTEGER,
					new byte[][] { bytes(entryKey(key)), bytes(lockKey(key)) }, this.prefixBytes, bytes(names),
					bytes(variant(response.vary())), bytes(Long.toString(fillStart)), bytes, bytes(Long.toString(ttl)),
					bytes(epochs), bytes((lockToken != null) ? lockToken : ""))
			.toCompletableFuture()
			.orTimeout(this.settings.lookupTimeout().toMillis() * 10, TimeUnit.MILLISECONDS)
			.whenComplete((stored, ex) -> {
				this.inFlight.release();
				if (ex != null) {
					failed("fill", ex);
				}
				else if (Long.valueOf(1).equals(stored)) {
					succeeded();
					this.fills.increment();
					this.bytesWritten.add(bytes.length);
					this.varyNames.put(key, names);
					this.lastVary = names;
				}
				else {
					succeeded();
					this.refusedFills.increment();
				}
			});
	}

	@Override
	public void invalidated(CacheInvalidation invalidation) {
		String epoch = epochOf(invalidation);
		if (epoch == null) {
			return;
		}
		if (this.breaker.getState() != CircuitBreaker.State.CLOSED || this.connection == null) {
			keep(epoch);
			return;
		}
		if (!submit(() -> writeEpoch(epoch))) {
			keep(epoch);
		}
	}

	private void writeEpoch(String epoch) {
		StatefulRedisConnection<byte[], byte[]> connection = this.connection;
		if (connection == null) {
			keep(epoch);
			return;
		}
		acquire();
		EPOCH
			.run(connection.async(), ScriptOutputType.INTEGER, new byte[][] { bytes(this.prefix + epoch) },
					bytes(Long.toString(this.settings.maxTimeToLive().toMillis())))
			.toCompletableFuture()
			.orTimeout(this.settings.lookupTimeout().toMillis() * 10, TimeUnit.MILLISECONDS)
			.whenComplete((done, ex) -> {
				this.inFlight.release();
				if (ex != null) {
					keep(epoch);
					failed("invalidation", ex);
				}
				else {
					succeeded();
					this.invalidations.increment();
				}
			});
	}

	/**
	 * Keep an invalidation for when Redis is back; past the bound, one purge of
	 * everything stands for all of them.
	 * @param epoch the epoch to set
	 */
	private void keep(String epoch) {
		synchronized (this.pendingMonitor) {
			if (this.pendingAll) {
				return;
			}
			this.hasPending = true;
			if (this.pendingEpochs.size() >= this.settings.maxPendingWrites()) {
				this.pendingEpochs.clear();
				this.pendingAll = true;
				return;
			}
			this.pendingEpochs.add(epoch);
		}
	}

	private void replayPending() {
		List<String> epochs;
		synchronized (this.pendingMonitor) {
			epochs = this.pendingAll ? List.of("a") : new ArrayList<>(this.pendingEpochs);
			this.pendingEpochs.clear();
			this.pendingAll = false;
			this.hasPending = false;
		}
		for (String epoch : epochs) {
			if (!submit(() -> writeEpoch(epoch))) {
				keep(epoch);
			}
		}
	}

	/**
	 * Try to take the fill lock of a key.
	 * @param key the primary key
	 * @param loop the event loop to go on with (the request's), or {@code null} for
	 * Reactor's parallel scheduler
	 * @return the owner token, or empty when another instance holds the lock or Redis is
	 * skipped
	 */
	Mono<String> tryLock(HttpCacheKey key, @Nullable ScheduledExecutorService loop) {
		StatefulRedisConnection<byte[], byte[]> connection = this.connection;
		if (connection == null || !this.breaker.allow()) {
			return Mono.empty();
		}
		String token = newToken();
		return RedisCall
			.on(loop, this.settings.lookupTimeout(),
					() -> connection.async()
						.set(bytes(lockKey(key)), bytes(token),
								SetArgs.Builder.nx().px(this.settings.lockTimeToLive().toMillis())))
			.flatMap((reply) -> {
				succeeded();
				return "OK".equals(reply) ? Mono.just(token) : Mono.<String>empty();
			})
			.onErrorResume((ex) -> {
				failed("lock", ex);
				unlock(key, token);
				return Mono.empty();
			});
	}

	/**
	 * Release a fill lock if this token still owns it.
	 * @param key the primary key
	 * @param token the owner token
	 */
	void unlock(HttpCacheKey key, String token) {
		StatefulRedisConnection<byte[], byte[]> connection = this.connection;
		if (connection != null) {
			UNLOCK.run(connection.async(), ScriptOutputType.INTEGER, new byte[][] { bytes(lockKey(key)) }, bytes(token))
				.exceptionally((ex) -> {
					logger.debug("Releasing the fill lock of " + key + " failed", ex);
					return null;
				});
		}
	}

	/**
	 * Wait for another instance's fill of a key, at most {@code coalesceWait}.
	 * @param key the primary key
	 * @param requestHeaders the request's header fields
	 * @return the hit, or empty when none came in time
	 */
	Mono<Lookup> awaitFill(HttpCacheKey key, HttpHeaders requestHeaders) {
		return Mono.defer(() -> lookup(key, requestHeaders))
			.filter(Lookup::hit)
			.repeatWhenEmpty((attempts) -> attempts.delayElements(FILL_POLL))
			.timeout(this.settings.coalesceWait(), Mono.empty())
			.doOnNext((hit) -> this.coalescedWaits.increment())
			.switchIfEmpty(Mono.fromRunnable(this.lockTimeouts::increment));
	}

	private boolean submit(Runnable write) {
		try {
			this.writes.execute(write);
			return true;
		}
		catch (RejectedExecutionException ex) {
			if (this.running) {
				this.droppedWrites.increment();
			}
			return false;
		}
	}

	private void acquire() {
		try {
			this.inFlight.acquire();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting to write to Redis", ex);
		}
	}

	private void succeeded() {
		if (this.breaker.succeeded()) {
			submit(this::up);
		}
		else if (this.hasPending) {
			submit(this::replayPending);
		}
	}

	private void failed(String what, Throwable ex) {
		logger.debug("Redis " + what + " failed", ex);
		if (this.breaker.failed()) {
			// usually on a request's event loop: the warning (the log's lock) and the
			// hand-off
			// to the tier's thread (its queue's lock) happen on Reactor's parallel
			// scheduler
			Schedulers.parallel().schedule(() -> {
				down(what + " failed: " + ex);
				submit(this::connect);
			});
		}
	}

	private @Nullable String epochOf(CacheInvalidation invalidation) {
		if (invalidation instanceof CacheInvalidation.HttpKey httpKey) {
			return "p:" + hash(HttpCacheKey.pathOf(httpKey.key()));
		}
		if (invalidation instanceof CacheInvalidation.HttpTag httpTag) {
			return "t:" + hash(httpTag.tag());
		}
		return (invalidation instanceof CacheInvalidation.HttpAll) ? "a" : null;
	}

	private String epochs(HttpCacheKey key, StoredResponse response) {
		StringBuilder epochs = new StringBuilder("a p:").append(hash(key.path()));
		for (String tag : response.tags()) {
			epochs.append(" t:").append(hash(tag));
		}
		return epochs.toString();
	}

	private String entryKey(HttpCacheKey key) {
		return this.prefix + "e:" + hash(key.toString());
	}

	private String lockKey(HttpCacheKey key) {
		return this.prefix + "l:" + hash(key.toString());
	}

	/**
	 * Return the variant field of a request: the hash of its normalized values of the
	 * named fields, or {@code -} when there are none.
	 * @param names the names of the fields, comma-separated
	 * @param requestHeaders the request's header fields
	 * @return the field
	 */
	private static String variant(String names, HttpHeaders requestHeaders) {
		if (names.isEmpty()) {
			return NO_VARY;
		}
		Map<String, String> values = new TreeMap<>();
		for (String name : names.split(",")) {
			values.put(name, HttpCachePolicy.normalized(requestHeaders, name));
		}
		return variant(values);
	}

	private static String variant(Map<String, String> vary) {
		if (vary.isEmpty()) {
			return NO_VARY;
		}
		StringBuilder text = new StringBuilder();
		new TreeMap<>(vary).forEach((name, value) -> text.append(name).append('\n').append(value).append('\n'));
		return hash(text.toString()).substring(0, 16);
	}

	private static String hash(String value) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 16);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("No SHA-256 in this JVM", ex);
		}
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	private static String string(Object value) {
		return (value instanceof byte[] bytes) ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
	}

	@Override
	public String getBreakerState() {
		return this.breaker.getState().name().toLowerCase(Locale.ROOT);
	}

	@Override
	public boolean isAvailable() {
		return this.connection != null && this.breaker.getState() == CircuitBreaker.State.CLOSED;
	}

	@Override
	public long getHits() {
		return this.hits.sum();
	}

	@Override
	public long getMisses() {
		return this.misses.sum();
	}

	@Override
	public long getSkipped() {
		return this.skipped.sum();
	}

	@Override
	public long getFills() {
		return this.fills.sum();
	}

	@Override
	public long getRefusedFills() {
		return this.refusedFills.sum();
	}

	@Override
	public long getDroppedWrites() {
		return this.droppedWrites.sum();
	}

	@Override
	public long getCoalescedWaits() {
		return this.coalescedWaits.sum();
	}

	@Override
	public long getLockTimeouts() {
		return this.lockTimeouts.sum();
	}

	@Override
	public long getRejected() {
		return this.rejected.sum();
	}

	@Override
	public long getBytesWritten() {
		return this.bytesWritten.sum();
	}

	@Override
	public long getInvalidations() {
		return this.invalidations.sum();
	}

	@Override
	public int getPendingInvalidations() {
		synchronized (this.pendingMonitor) {
			return this.pendingAll ? 1 : this.pendingEpochs.size();
		}
	}

	/**
	 * Return the writes (fills and invalidations) waiting to be sent.
	 * @return the count
	 */
	public int getQueuedWrites() {
		return this.writes.getQueue().size();
	}

	/**
	 * Return the prefix of every key this tier writes.
	 * @return the prefix, such as {@code rp:shop:v1:}
	 */
	public String getKeyPrefix() {
		return this.prefix;
	}

	/**
	 * What a lookup found.
	 *
	 * @param stored the response found, or {@code null} on a miss
	 * @param time the Redis time of the lookup in microseconds, {@code -1} when Redis was
	 * skipped
	 * @param lockToken the token of the fill lock the lookup took, or {@code null}
	 * @param lockHeld whether the lookup found the fill lock held by another fill
	 */
	record Lookup(@Nullable StoredResponse stored, long time, @Nullable String lockToken, boolean lockHeld) {

		static final Lookup SKIPPED = new Lookup(null, -1, null, false);

		boolean hit() {
			return this.stored != null;
		}

	}

	/**
	 * A Lua script run by its digest, and by its text when Redis does not know it (after
	 * a restart without persistence).
	 */
	private static final class Script {

		private final String text;

		private final String digest;

		Script(String text) {
			this.text = text;
			try {
				this.digest = HexFormat.of()
					.formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

		CompletionStage<Object> run(RedisAsyncCommands<byte[], byte[]> commands, ScriptOutputType type, byte[][] keys,
				byte[]... arguments) {
			CompletableFuture<Object> result = new CompletableFuture<>();
			commands.<Object>evalsha(this.digest, type, keys, arguments).whenComplete((value, failure) -> {
				Throwable ex = (failure instanceof CompletionException) ? failure.getCause() : failure;
				if (ex instanceof RedisNoScriptException) {
					commands.<Object>eval(this.text, type, keys, arguments).whenComplete((again, error) -> {
						if (error != null) {
							result.completeExceptionally(error);
						}
						else {
							result.complete(again);
						}
					});
				}
				else if (ex != null) {
					result.completeExceptionally(ex);
				}
				else {
					result.complete(value);
				}
			});
			return result;
		}

	}

}
