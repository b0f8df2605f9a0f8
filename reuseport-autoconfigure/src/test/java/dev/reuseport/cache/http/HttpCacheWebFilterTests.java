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

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.reuseport.cache.http.CacheClient.Reply;
import dev.reuseport.cache.http.CacheTestApplication.Backend;
import dev.reuseport.testsupport.RawHttpConnection;
import dev.reuseport.testsupport.TestClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End-to-end tests of the {@link HttpCacheWebFilter} rules, against a real server with
 * two workers and a real client. Each test uses its own query, hence its own cache key
 * and handler run count.
 *
 * @author reuseport team
 */
@TestInstance(Lifecycle.PER_CLASS)
class HttpCacheWebFilterTests {

	private ConfigurableApplicationContext context;

	private CacheClient client;

	private CacheClient fresh;

	private int port;

	private Backend backend;

	private TestClock clock;

	/**
	 * Whether the server answers fresh hits before the application; a subclass runs every
	 * test of this class again with them on.
	 */
	boolean earlyHits() {
		return false;
	}

	/**
	 * The instant the cache's and the handlers' clock starts at, or empty for the
	 * system's time; a subclass runs every test of this class on a chosen day.
	 */
	String clockStart() {
		return "";
	}

	@BeforeAll
	void start() {
		this.context = new SpringApplicationBuilder(CacheTestApplication.class).web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "reuseport.workers=2", "reuseport.cache.http.enabled=true",
					"reuseport.cache.http.serve-hits-early=" + earlyHits(), "test.clock.start=" + clockStart(),
					"spring.main.banner-mode=off", "spring.reactor.netty.shutdown-quiet-period=0")
			.run();
		int port = Integer.parseInt(this.context.getEnvironment().getProperty("local.server.port"));
		this.port = port;
		this.client = new CacheClient(port);
		this.fresh = new CacheClient(dev.reuseport.testsupport.TestClients.http(port));
		this.backend = this.context.getBean(Backend.class);
		this.clock = this.context.getBean(TestClock.class);
	}

	@AfterEach
	void releaseClock() {
		this.clock.release();
	}

	@AfterAll
	void close() {
		this.context.close();
	}

	/**
	 * Return an HTTP date (IMF-fixdate) of the cache's clock, moved by an offset.
	 */
	private String httpDate(Duration offset) {
		HttpHeaders headers = new HttpHeaders();
		headers.setDate(this.clock.millis() + offset.toMillis());
		return headers.getFirst(HttpHeaders.DATE);
	}

	private Reply twice(String query, String... headers) {
		Reply first = this.client.get(query, headers);
		assertThat(first.status()).isLessThan(500);
		return this.client.get(query, headers);
	}

	/**
	 * Wait until a response stored for a query meets a condition, without sending a
	 * request (a request to a stale entry would revalidate it).
	 */
	/**
	 * Make the responses stored with a freshness lifetime of 1 s stale, by freezing the
	 * cache's clock and moving it 2 s on.
	 */
	private void makeStale(String query) {
		HttpResponseCache cache = this.context.getBean(HttpResponseCache.class);
		this.clock.freeze();
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(StoredEntries.any(cache, "/echo?" + query, (response) -> response.ttl(cache.now()) <= 0)).isTrue();
	}

	private void assertNotStored(String query, String detail, String... headers) {
		assertNotStored(query, 200, detail, headers);
	}

	private void assertNotStored(String query, int status, String detail, String... headers) {
		Reply second = twice(query, headers);
		assertThat(second.body()).isEqualTo("v2");
		assertThat(second.cacheStatus())
			.isEqualTo("reuseport; fwd=uri-miss; fwd-status=" + status + "; detail=" + detail);
		assertThat(this.backend.runs(query)).isEqualTo(2);
	}

	private void assertStored(String query, String... headers) {
		Reply second = twice(query, headers);
		assertThat(second.hit()).as(second.cacheStatus()).isTrue();
		assertThat(second.body()).isEqualTo("v1");
		assertThat(this.backend.runs(query)).isEqualTo(1);
	}

	@Test
	void maxAgeResponseIsStoredAndServedWithAgeAndCacheStatus() {
		String query = CacheClient.unique("cc=max-age=60");
		this.clock.freeze();
		Reply first = this.client.get(query);
		assertThat(first.cacheStatus()).isEqualTo("reuseport; fwd=uri-miss; fwd-status=200; stored");
		this.clock.advance(Duration.ofSeconds(7));
		Reply second = this.client.get(query);
		assertThat(second.body()).isEqualTo("v1");
		assertThat(second.cacheStatus()).isEqualTo("reuseport; hit; ttl=53");
		assertThat(second.header("Age")).isEqualTo("7");
		assertThat(this.backend.runs(query)).isEqualTo(1);
	}

	@Test
	void sharedMaxAgeResponseIsStored() {
		assertStored(CacheClient.unique("cc=s-maxage=60"));
	}

	@Test
	void expiresResponseIsStored() {
		assertStored(CacheClient.unique("expires=60"));
	}

	@Test
	void responseWithoutFreshnessIsNotStored() {
		assertNotStored(CacheClient.unique("etag=abc"), "no-freshness");
	}

	@Test
	void noStoreResponseIsNotStored() {
		assertNotStored(CacheClient.unique("cc=no-store,max-age=60"), "no-store");
	}

	@Test
	void privateResponseIsNotStored() {
		assertNotStored(CacheClient.unique("cc=private,max-age=60"), "private");
	}

	@Test
	void responseWithSetCookieIsNotStored() {
		assertNotStored(CacheClient.unique("cc=max-age=60&cookie=session=1"), "set-cookie");
	}

	@Test
	void responseToAuthorizedRequestIsNotStoredWithoutPermission() {
		assertNotStored(CacheClient.unique("cc=max-age=60"), "authorization", "Authorization", "Bearer token");
	}

	@ParameterizedTest
	@ValueSource(strings = { "public,max-age=60", "s-maxage=60", "max-age=60,must-revalidate" })
	void responseToAuthorizedRequestIsStoredWhenItAllowsIt(String cacheControl) {
		assertStored(CacheClient.unique("cc=" + cacheControl), "Authorization", "Bearer token");
	}

	@Test
	void partialContentIsNotStored() {
		assertNotStored(CacheClient.unique("cc=max-age=60&status=206"), 206, "status");
	}

	@Test
	void notFoundWithMaxAgeIsStored() {
		String query = CacheClient.unique("cc=max-age=60&status=404");
		Reply second = twice(query);
		assertThat(second.status()).isEqualTo(404);
		assertThat(second.hit()).isTrue();
		assertThat(this.backend.runs(query)).isEqualTo(1);
	}

	@Test
	void varyStarResponseIsNeverServedFromCache() {
		assertNotStored(CacheClient.unique("cc=max-age=60&vary=*"), "vary-star");
	}

	@Test
	void requestsDifferingInAVariedHeaderNeverShareAnEntry() {
		String query = CacheClient.unique("cc=max-age=60&vary=Accept-Language");
		assertThat(this.client.get(query, "Accept-Language", "en").body()).isEqualTo("v1");
		Reply french = this.client.get(query, "Accept-Language", "fr");
		assertThat(french.body()).isEqualTo("v2");
		assertThat(french.cacheStatus()).startsWith("reuseport; fwd=vary-miss");
		Reply english = this.client.get(query, "Accept-Language", "en");
		assertThat(english.hit()).isTrue();
		assertThat(english.body()).isEqualTo("v1");
		Reply frenchAgain = this.client.get(query, "Accept-Language", "fr");
		assertThat(frenchAgain.hit()).isTrue();
		assertThat(frenchAgain.body()).isEqualTo("v2");
		assertThat(this.client.get(query).body()).isEqualTo("v3");
	}

	@Test
	void ageGrowsWhileStored() {
		String query = CacheClient.unique("cc=max-age=60");
		this.clock.freeze();
		this.client.get(query);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.client.get(query).header("Age")).isEqualTo("1");
		this.clock.advance(Duration.ofSeconds(30));
		Reply third = this.client.get(query);
		assertThat(third.header("Age")).isEqualTo("31");
		assertThat(third.cacheStatus()).isEqualTo("reuseport; hit; ttl=29");
	}

	@Test
	void requestNoCacheRunsTheHandlerAndStoresTheNewResponse() {
		String query = CacheClient.unique("cc=max-age=60");
		this.client.get(query);
		Reply forced = this.client.get(query, "Cache-Control", "no-cache");
		assertThat(forced.body()).isEqualTo("v2");
		assertThat(forced.cacheStatus()).startsWith("reuseport; fwd=request");
		assertThat(this.client.get(query).body()).isEqualTo("v2");
	}

	@Test
	void pragmaNoCacheRunsTheHandler() {
		String query = CacheClient.unique("cc=max-age=60");
		this.client.get(query);
		assertThat(this.client.get(query, "Pragma", "no-cache").body()).isEqualTo("v2");
	}

	@Test
	void requestNoStoreNeitherReadsNorWrites() {
		String query = CacheClient.unique("cc=max-age=60");
		Reply first = this.client.get(query, "Cache-Control", "no-store");
		assertThat(first.cacheStatus()).startsWith("reuseport; fwd=request");
		assertThat(this.client.get(query).body()).isEqualTo("v2");
	}

	@Test
	void noCacheResponseIsRevalidatedOnEveryUse() {
		String query = CacheClient.unique("cc=no-cache,max-age=60&etag=e1");
		this.client.get(query);
		Reply second = this.client.get(query);
		assertThat(second.status()).isEqualTo(200);
		assertThat(second.body()).isEqualTo("v1");
		assertThat(second.cacheStatus()).startsWith("reuseport; fwd=stale; fwd-status=304; stored");
		assertThat(this.backend.runs(query)).isEqualTo(2);
	}

	@ParameterizedTest
	@ValueSource(strings = { "must-revalidate", "proxy-revalidate" })
	void revalidateResponseIsNeverServedStale(String directive) {
		String query = CacheClient.unique("cc=max-age=1," + directive + ",stale-while-revalidate=30,stale-if-error=30");
		this.client.get(query);
		makeStale(query);
		Reply second = this.client.get(query, "Cache-Control", "max-stale=60");
		assertThat(second.body()).isEqualTo("v2");
		assertThat(second.cacheStatus()).startsWith("reuseport; fwd=stale; fwd-status=200");
	}

	@Test
	void revalidateResponseIsNotServedStaleOnError() {
		String query = CacheClient.unique("cc=max-age=1,must-revalidate,stale-if-error=30");
		this.client.get(query);
		this.backend.fail(query);
		makeStale(query);
		assertThat(this.client.get(query).status()).isEqualTo(500);
	}

	@Test
	void sharedMaxAgeResponseIsNotServedForClientMaxStale() {
		String query = CacheClient.unique("cc=s-maxage=1");
		this.client.get(query);
		makeStale(query);
		assertThat(this.client.get(query, "Cache-Control", "max-stale=60").body()).isEqualTo("v2");
	}

	@Test
	void ifNoneMatchGets304FromStoredResponse() {
		String query = CacheClient.unique("cc=max-age=60&etag=abc");
		this.client.get(query);
		Reply conditional = this.client.get(query, "If-None-Match", "W/\"abc\"");
		assertThat(conditional.status()).isEqualTo(304);
		assertThat(conditional.body()).isEmpty();
		assertThat(conditional.header("ETag")).isEqualTo("\"abc\"");
		assertThat(conditional.hit()).isTrue();
		assertThat(this.client.get(query, "If-None-Match", "\"other\"").status()).isEqualTo(200);
		assertThat(this.backend.runs(query)).isEqualTo(1);
	}

	@ParameterizedTest(name = "stored first: {0}")
	@ValueSource(booleans = { true, false })
	void headWithIfNoneMatchGets304WithoutFramingHeaders(boolean storedFirst) throws IOException {
		String query = CacheClient.unique("cc=max-age=60&etag=abc");
		try (RawHttpConnection connection = RawHttpConnection.open(this.port)) {
			String host = "Host: localhost:" + this.port + "\r\n";
			if (storedFirst) {
				connection.send("GET /echo?" + query + " HTTP/1.1\r\n" + host + "\r\n");
				assertThat(connection.readResponse()).isEqualTo("v1");
			}
			connection.send("HEAD /echo?" + query + " HTTP/1.1\r\n" + host + "If-None-Match: \"abc\"\r\n\r\n");
			String head = connection.readHead().toLowerCase(Locale.ROOT);
			assertThat(head).startsWith("http/1.1 304 ")
				.doesNotContain("transfer-encoding")
				.doesNotContain("content-length")
				.contains(storedFirst ? "cache-status: reuseport; hit" : "cache-status: reuseport; fwd=");
			connection.send("GET /echo?" + query + " HTTP/1.1\r\n" + host + "\r\n");
			assertThat(connection.readResponse()).startsWith("v");
		}
		assertThat(this.backend.runs(query)).isEqualTo(storedFirst ? 1 : 2);
	}

	@Test
	void ifModifiedSinceGets304FromStoredResponse() {
		String lastModified = httpDate(Duration.ofHours(-1));
		String query = CacheClient.unique("cc=max-age=60&lm=" + lastModified.replace(" ", "%20").replace(",", "%2C"));
		this.client.get(query);
		assertThat(this.client.get(query, "If-Modified-Since", httpDate(Duration.ZERO)).status()).isEqualTo(304);
		assertThat(this.client.get(query, "If-Modified-Since", httpDate(Duration.ofHours(-2))).status()).isEqualTo(200);
		assertThat(this.backend.runs(query)).isEqualTo(1);
	}

	@Test
	void conditionalMissGets304AndStoresTheFullResponse() {
		String query = CacheClient.unique("cc=max-age=60&etag=abc");
		Reply conditional = this.client.get(query, "If-None-Match", "\"abc\"");
		assertThat(conditional.status()).isEqualTo(304);
		assertThat(conditional.cacheStatus()).isEqualTo("reuseport; fwd=uri-miss; fwd-status=200; stored");
		Reply plain = this.client.get(query);
		assertThat(plain.hit()).isTrue();
		assertThat(plain.body()).isEqualTo("v1");
	}

	@Test
	void staleWhileRevalidateServesStaleThenRefreshesOnce() {
		String query = CacheClient.unique("cc=max-age=1,stale-while-revalidate=30");
		this.client.get(query);
		makeStale(query);
		List<Reply> stale = Flux.range(0, 10)
			.flatMap((i) -> reactor.core.publisher.Mono.fromCallable(() -> this.client.get(query))
				.subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()), 10)
			.collectList()
			.block();
		assertThat(stale).allSatisfy((reply) -> {
			assertThat(reply.body()).isIn("v1", "v2");
			assertThat(reply.status()).isEqualTo(200);
		});
		assertThat(stale).anySatisfy((reply) -> assertThat(reply.cacheStatus())
			.matches("reuseport; hit; ttl=-\\d+; detail=stale-while-revalidate"));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.client.get(query).body().equals("v2"));
		assertThat(this.client.get(query).hit()).isTrue();
		assertThat(this.backend.runs(query)).isEqualTo(2);
	}

	@Test
	void staleIfErrorServesStaleWhenTheHandlerAnswers5xx() {
		String query = CacheClient.unique("cc=max-age=1,stale-if-error=30");
		this.client.get(query);
		this.backend.fail(query);
		makeStale(query);
		Reply stale = this.client.get(query);
		assertThat(stale.status()).isEqualTo(200);
		assertThat(stale.body()).isEqualTo("v1");
		assertThat(stale.cacheStatus())
			.matches("reuseport; fwd=stale; fwd-status=500; ttl=-\\d+; detail=stale-if-error");
		assertThat(this.backend.runs(query)).isEqualTo(2);
	}

	@Test
	void staleIfErrorServesStaleWhenTheHandlerFails() {
		String query = CacheClient.unique("cc=max-age=1,stale-if-error=30");
		this.client.get(query);
		this.backend.throwFor(query);
		makeStale(query);
		Reply stale = this.client.get(query);
		assertThat(stale.status()).isEqualTo(200);
		assertThat(stale.body()).isEqualTo("v1");
		assertThat(stale.cacheStatus()).endsWith("detail=stale-if-error");
	}

	@Test
	void errorIsPassedOnWithoutStaleIfError() {
		String query = CacheClient.unique("cc=max-age=1");
		this.client.get(query);
		this.backend.fail(query);
		makeStale(query);
		assertThat(this.client.get(query).status()).isEqualTo(500);
	}

	@Test
	void clientMaxStaleAcceptsAStaleResponse() {
		String query = CacheClient.unique("cc=max-age=1");
		this.client.get(query);
		makeStale(query);
		Reply stale = this.client.get(query, "Cache-Control", "max-stale=60");
		assertThat(stale.body()).isEqualTo("v1");
		assertThat(stale.cacheStatus()).endsWith("detail=max-stale");
	}

	@Test
	void onlyIfCachedWithoutAStoredResponseIs504() {
		Reply reply = this.client.get(CacheClient.unique("cc=max-age=60"), "Cache-Control", "only-if-cached");
		assertThat(reply.status()).isEqualTo(504);
	}

	@Test
	void concurrentMissesRunTheHandlerOnce() {
		String query = CacheClient.unique("cc=max-age=60&delay=300");
		List<Reply> replies = Flux.range(0, 50)
			.flatMap((i) -> this.client.client()
				.get()
				.uri("/echo?" + query)
				.responseSingle((response, body) -> body.asString()
					.map((text) -> new Reply(response.status().code(), response.responseHeaders(), text))), 50)
			.collectList()
			.block(Duration.ofSeconds(30));
		assertThat(replies).hasSize(50).allSatisfy((reply) -> assertThat(reply.body()).isEqualTo("v1"));
		assertThat(replies.stream().filter((reply) -> reply.cacheStatus().contains("collapsed")).count())
			.isGreaterThan(0);
		assertThat(this.backend.runs(query)).isEqualTo(1);
	}

	@Test
	void concurrentRequestsNeverShareAPrivateResponse() {
		String query = CacheClient.unique("cc=private,max-age=60&delay=300");
		List<Reply> replies = Flux.range(0, 10)
			.flatMap((i) -> this.client.client()
				.get()
				.uri("/echo?" + query)
				.responseSingle((response, body) -> body.asString()
					.map((text) -> new Reply(response.status().code(), response.responseHeaders(), text))), 10)
			.collectList()
			.block(Duration.ofSeconds(30));
		assertThat(replies.stream().map(Reply::body).distinct()).hasSize(10);
		assertThat(this.backend.runs(query)).isEqualTo(10);
	}

	@Test
	void successfulUnsafeRequestInvalidatesTheTargetUri() {
		String query = CacheClient.unique("cc=max-age=60");
		this.client.get(query);
		Reply post = this.client.send(HttpMethod.POST, "/echo?" + query);
		assertThat(post.status()).isEqualTo(204);
		assertThat(post.cacheStatus()).isEqualTo("reuseport; fwd=method");
		assertThat(this.client.get(query).body()).isEqualTo("v2");
	}

	@Test
	void unsafeRequestInvalidatesItsLocation() {
		String query = CacheClient.unique("cc=max-age=60");
		this.client.get(query);
		String location = "/echo?" + query;
		this.client.send(HttpMethod.PUT, "/other?location=" + location.replace("&", "%26").replace("=", "%3D"));
		assertThat(this.client.get(query).body()).isEqualTo("v2");
	}

	@Test
	void failedUnsafeRequestInvalidatesNothing() {
		String query = CacheClient.unique("cc=max-age=60");
		this.client.get(query);
		assertThat(this.client.send(HttpMethod.DELETE, "/echo?" + query + "&fail").status()).isEqualTo(500);
		assertThat(this.client.send(HttpMethod.DELETE, "/echo?" + query + "&fail").status()).isEqualTo(500);
		assertThat(this.client.get(query).hit()).isTrue();
	}

	@Test
	void tagsHeaderIsStrippedAndPurgesByTag() {
		String first = CacheClient.unique("cc=max-age=60&tag=product-1,catalog");
		String second = CacheClient.unique("cc=max-age=60&tag=catalog");
		assertThat(this.client.get(first).header("Cache-Tag")).isNull();
		this.client.get(second);
		Reply hit = this.client.get(first);
		assertThat(hit.hit()).isTrue();
		assertThat(hit.header("Cache-Tag")).isNull();
		HttpResponseCache cache = this.context.getBean(HttpResponseCache.class);
		assertThat(cache.getEntriesPerTag()).containsEntry("product-1", 1);
		assertThat(cache.invalidateTag("catalog")).isEqualTo(2);
		assertThat(this.client.get(first).body()).isEqualTo("v2");
		assertThat(this.client.get(second).body()).isEqualTo("v2");
	}

	@Test
	void tagsHeaderIsStrippedFromUncacheableResponses() {
		assertThat(this.client.get(CacheClient.unique("cc=no-store&tag=secret")).header("Cache-Tag")).isNull();
		assertThat(this.client.send(HttpMethod.POST, "/echo").header("Cache-Tag")).isNull();
	}

	@Test
	void purgeByKeyAndAll() {
		String query = CacheClient.unique("cc=max-age=60");
		this.client.get(query);
		HttpResponseCache cache = this.context.getBean(HttpResponseCache.class);
		assertThat(cache.invalidate("/echo?" + query)).isEqualTo(1);
		assertThat(this.client.get(query).body()).isEqualTo("v2");
		cache.invalidateAll();
		assertThat(this.client.get(query).body()).isEqualTo("v3");
	}

	@Test
	void headIsAnsweredFromTheGetResponseWithoutBody() {
		String query = CacheClient.unique("cc=max-age=60");
		this.client.get(query);
		Reply head = this.client.send(HttpMethod.HEAD, "/echo?" + query);
		assertThat(head.status()).isEqualTo(200);
		assertThat(head.hit()).isTrue();
		assertThat(head.body()).isEmpty();
		assertThat(head.header("Content-Length")).isEqualTo("2");
		assertThat(this.backend.runs(query)).isEqualTo(1);
	}

	@Test
	void requestOfferingAnH2cUpgradeIsCached() {
		assertStored(CacheClient.unique("cc=max-age=60"), "Upgrade", "h2c", "HTTP2-Settings",
				"AAMAAABkAAQAoAAAAAIAAAAA");
	}

	@Test
	void webSocketHandshakeBypassesTheCache() {
		Reply reply = this.client.get(CacheClient.unique("cc=max-age=60"), "Upgrade", "websocket");
		assertThat(reply.cacheStatus()).isEqualTo("reuseport; fwd=bypass");
	}

	@Test
	void rangeRequestBypassesTheCache() {
		String query = CacheClient.unique("cc=max-age=60");
		this.client.get(query, "Range", "bytes=0-0");
		assertThat(this.client.get(query).body()).isEqualTo("v2");
	}

	@Test
	void headMissIsNotStored() {
		String query = CacheClient.unique("cc=max-age=60");
		Reply head = this.client.send(HttpMethod.HEAD, "/echo?" + query);
		assertThat(head.cacheStatus()).as(head.headers().toString())
			.isEqualTo("reuseport; fwd=uri-miss; fwd-status=200; detail=request");
		Reply get = this.client.get(query);
		assertThat(get.body()).as(get.cacheStatus()).isEqualTo("v2");
	}

	@Test
	void entriesWrittenByEitherWorkerServeBoth() {
		Map<String, RawHttpConnection> byWorker = new HashMap<>();
		List<RawHttpConnection> opened = new ArrayList<>();
		try {
			for (int i = 0; i < 200 && byWorker.size() < 2; i++) {
				RawHttpConnection connection = RawHttpConnection.open(this.port);
				opened.add(connection);
				connection.request("/echo?" + CacheClient.unique("cc=no-store"), true);
				byWorker.putIfAbsent(worker(connection.lastHead()), connection);
			}
			assertThat(byWorker).as("connections served by two distinct workers").hasSize(2);
			List<String> workers = List.copyOf(byWorker.keySet());
			for (String writer : workers) {
				String reader = writer.equals(workers.get(0)) ? workers.get(1) : workers.get(0);
				String path = "/echo?" + CacheClient.unique("cc=max-age=60");
				String body = byWorker.get(writer).request(path, true);
				assertThat(worker(byWorker.get(writer).lastHead())).isEqualTo(writer);
				assertThat(byWorker.get(reader).request(path, true)).isEqualTo(body);
				assertThat(byWorker.get(reader).lastHead()).as("%s hits what %s stored", reader, writer)
					.contains("Cache-Status: reuseport; hit");
			}
		}
		finally {
			opened.forEach(RawHttpConnection::close);
		}
	}

	private static String worker(String head) {
		for (String line : head.split("\r\n")) {
			if (line.toLowerCase(java.util.Locale.ROOT).startsWith("x-worker:")) {
				return line.substring(9).trim().replaceAll("-(epoll|io_uring|nio)-\\d+$", "");
			}
		}
		return "";
	}

	@Test
	void outcomesAreCounted() {
		MeterRegistry registry = this.context.getBean(MeterRegistry.class);
		double hits = registry.get("reuseport.cache.http.requests").tag("outcome", "hit").functionCounter().count();
		twice(CacheClient.unique("cc=max-age=60"));
		assertThat(registry.get("reuseport.cache.http.requests").tag("outcome", "hit").functionCounter().count())
			.isEqualTo(hits + 1);
		assertThat(registry.get("cache.gets").tag("cache", "reuseport.http.reuseport").meters()).isNotEmpty();
		Set<String> outcomes = registry.get("reuseport.cache.http.requests")
			.functionCounters()
			.stream()
			.map((counter) -> counter.getId().getTag("outcome"))
			.collect(Collectors.toSet());
		assertThat(outcomes).containsExactlyInAnyOrder("hit", "miss", "stale", "revalidated", "bypass");
	}

}
