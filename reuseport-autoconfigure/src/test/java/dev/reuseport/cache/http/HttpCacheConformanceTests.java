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

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.reuseport.cache.http.CacheClient.Reply;
import dev.reuseport.testsupport.TestClock;
import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.function.server.ServerResponse.BodyBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for RFC rules of the HTTP response cache that the first version missed, each
 * against a real server: content negotiation keyed on {@code Accept}, {@code Age} lists,
 * invalid {@code Expires}, {@code 304}s that update {@code Content-*} fields, unknown
 * unsafe methods, and the targeted fields {@code CDN-Cache-Control} and
 * {@code Reuseport-Cache-Control}.
 *
 * @author reuseport team
 */
@TestInstance(Lifecycle.PER_CLASS)
@EnabledOnOs(value = OS.LINUX, disabledReason = "reuseport workers bind with SO_REUSEPORT, Linux behaviour")
class HttpCacheConformanceTests {

	private ConfigurableApplicationContext context;

	private CacheClient client;

	/**
	 * Whether the server answers fresh hits before the application; a subclass runs every
	 * test of this class again with them on.
	 */
	boolean earlyHits() {
		return false;
	}

	@BeforeAll
	void start() {
		this.context = new SpringApplicationBuilder(CacheTestApplication.class, RawRoute.class, Negotiating.class)
			.web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "reuseport.workers=2", "reuseport.cache.http.enabled=true",
					"reuseport.cache.http.serve-hits-early=" + earlyHits(), "spring.main.banner-mode=off",
					"spring.reactor.netty.shutdown-quiet-period=0")
			.run();
		this.client = new CacheClient(Integer.parseInt(this.context.getEnvironment().getProperty("local.server.port")));
	}

	@AfterAll
	void close() {
		this.context.close();
	}

	/**
	 * A {@code /raw} URI unique to the test, whose response carries the given fields.
	 */
	private static String raw(String... fields) {
		StringBuilder uri = new StringBuilder("/raw?t=").append(UUID.randomUUID());
		for (String field : fields) {
			uri.append("&h=").append(encode(field));
		}
		return uri.toString();
	}

	private static String encode(String value) {
		return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
	}

	private Reply get(String uri, String... headers) {
		return this.client.send(HttpMethod.GET, uri, headers);
	}

	@Test
	void negotiatedContentTypeIsKeyedOnAccept() {
		String uri = "/negotiated?t=" + UUID.randomUUID();
		Reply png = get(uri, "Accept", "image/png");
		Reply text = get(uri, "Accept", "text/plain");
		assertThat(png.header("Content-Type")).startsWith("image/png");
		assertThat(text.header("Content-Type")).startsWith("text/plain");
		assertThat(text.hit()).as("a variant for another Accept is not served").isFalse();
		Reply pngAgain = get(uri, "Accept", "image/png");
		Reply textAgain = get(uri, "Accept", "text/plain");
		assertThat(pngAgain.hit()).isTrue();
		assertThat(pngAgain.header("Content-Type")).startsWith("image/png");
		assertThat(textAgain.hit()).isTrue();
		assertThat(textAgain.header("Content-Type")).startsWith("text/plain");
	}

	@Test
	void ageListCountsItsFirstMember() {
		String old = raw("Cache-Control: max-age=3600", "Age: 7200, 0");
		get(old);
		assertThat(get(old).hit()).as("Age 7200 is past max-age 3600").isFalse();
		String young = raw("Cache-Control: max-age=3600", "Age: 10, 7200");
		TestClock clock = this.context.getBean(TestClock.class);
		clock.freeze();
		try {
			get(young);
			clock.advance(Duration.ofSeconds(5));
			Reply hit = get(young);
			assertThat(hit.hit()).isTrue();
			assertThat(hit.header("Age")).isEqualTo("15");
		}
		finally {
			clock.release();
		}
	}

	@Test
	void expiresWithAOneDigitHourIsAlreadyExpired() {
		String uri = raw("Expires: Thu, 01 Jan 2099 1:00:00 GMT");
		get(uri);
		assertThat(get(uri).hit()).isFalse();
	}

	@Test
	void twoExpiresFieldsAreAlreadyExpired() {
		String uri = raw("Expires: Thu, 01 Jan 2099 10:00:00 GMT", "Expires: Fri, 02 Jan 2099 10:00:00 GMT");
		get(uri);
		assertThat(get(uri).hit()).isFalse();
	}

	@Test
	void validExpiresInTheFutureIsFresh() {
		String uri = raw("Expires: Thu, 01 Jan 2099 10:00:00 GMT");
		get(uri);
		assertThat(get(uri).hit()).isTrue();
	}

	@Test
	void notModifiedUpdatesContentFieldsButContentLength() {
		String uri = raw("Cache-Control: no-cache, max-age=60", "ETag: \"v1\"", "Content-Language: en")
				+ "&etag=v1&h304=" + encode("Content-Language: fr");
		assertThat(get(uri).header("Content-Language")).isEqualTo("en");
		Reply revalidated = get(uri);
		assertThat(revalidated.cacheStatus()).contains("fwd-status=304");
		assertThat(revalidated.header("Content-Language")).isEqualTo("fr");
		assertThat(revalidated.body()).isEqualTo("r1");
		assertThat(get(uri).header("Content-Language")).isEqualTo("fr");
	}

	@Test
	void successfulUnknownMethodInvalidatesItsTarget() {
		String uri = raw("Cache-Control: max-age=60");
		get(uri);
		assertThat(get(uri).hit()).isTrue();
		assertThat(this.client.send(HttpMethod.valueOf("M-SEARCH"), uri).status()).isEqualTo(200);
		Reply after = get(uri);
		assertThat(after.hit()).isFalse();
		assertThat(after.body()).isEqualTo("r2");
	}

	@Test
	void cdnCacheControlOfTheWrongTypeIsIgnored() {
		String uri = raw("Cache-Control: no-store", "CDN-Cache-Control: max-age=\"60\"");
		get(uri);
		Reply second = get(uri);
		assertThat(second.hit()).as("the targeted field is invalid, so Cache-Control: no-store applies").isFalse();
		assertThat(second.cacheStatus()).contains("detail=no-store");
	}

	@Test
	void cdnCacheControlTakesPrecedenceOverCacheControl() {
		String uri = raw("Cache-Control: no-store", "CDN-Cache-Control: max-age=60");
		Reply first = get(uri);
		Reply second = get(uri);
		assertThat(second.hit()).isTrue();
		assertThat(second.header("Cache-Control")).isEqualTo("no-store");
		assertThat(first.header("CDN-Cache-Control")).isEqualTo("max-age=60");
		assertThat(second.header("CDN-Cache-Control")).isEqualTo("max-age=60");
	}

	@Test
	void reuseportCacheControlTakesPrecedenceAndNeverReachesTheClient() {
		String stored = raw("CDN-Cache-Control: no-store", "Reuseport-Cache-Control: max-age=60");
		Reply miss = get(stored);
		Reply hit = get(stored);
		assertThat(hit.hit()).isTrue();
		assertThat(miss.header("Reuseport-Cache-Control")).isNull();
		assertThat(hit.header("Reuseport-Cache-Control")).isNull();
		String notStored = raw("Cache-Control: max-age=60", "Reuseport-Cache-Control: no-store");
		get(notStored);
		Reply again = get(notStored);
		assertThat(again.hit()).isFalse();
		assertThat(again.header("Reuseport-Cache-Control")).isNull();
		assertThat(again.header("Cache-Control")).isEqualTo("max-age=60");
	}

	@Test
	void reuseportCacheControlOfAStoredResponseStillAppliesAfterRevalidation() {
		String uri = raw("Cache-Control: no-store", "Reuseport-Cache-Control: max-age=0, must-revalidate",
				"ETag: \"v1\"") + "&etag=v1";
		get(uri);
		Reply revalidated = get(uri);
		assertThat(revalidated.cacheStatus()).contains("fwd-status=304");
		assertThat(revalidated.header("Reuseport-Cache-Control")).isNull();
		assertThat(get(uri).cacheStatus()).contains("fwd-status=304");
	}

	/**
	 * {@code /raw?h=Name: value&...} answers with those fields; with {@code etag=x} and a
	 * matching {@code If-None-Match} it answers {@code 304} with the {@code h304} fields.
	 * The body is {@code r<n>}, {@code n} counting the handler's runs for the query's
	 * {@code t}. Any other method than GET and HEAD answers {@code 200}.
	 */
	@Configuration(proxyBeanMethods = false)
	static class RawRoute {

		private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

		@Bean
		RouterFunction<ServerResponse> rawRoute() {
			return RouterFunctions.route()
				.GET("/raw", this::raw)
				.route(RequestPredicates.path("/raw")
					.and(RequestPredicates.method(org.springframework.http.HttpMethod.valueOf("M-SEARCH"))),
						(request) -> ServerResponse.ok().build())
				.build();
		}

		private reactor.core.publisher.Mono<ServerResponse> raw(ServerRequest request) {
			String etag = request.queryParam("etag").map((value) -> "\"" + value + "\"").orElse(null);
			if (etag != null && request.headers().header("If-None-Match").contains(etag)) {
				BodyBuilder notModified = ServerResponse.status(304);
				fields(notModified, request.queryParams().getOrDefault("h304", List.of()));
				return notModified.build();
			}
			int run = this.runs.computeIfAbsent(request.queryParam("t").orElse(""), (key) -> new AtomicInteger())
				.incrementAndGet();
			BodyBuilder response = ServerResponse.ok();
			fields(response, request.queryParams().getOrDefault("h", List.of()));
			return response.bodyValue("r" + run);
		}

		private static void fields(BodyBuilder response, List<String> fields) {
			for (String field : fields) {
				int colon = field.indexOf(':');
				response.header(field.substring(0, colon).trim(), field.substring(colon + 1).trim());
			}
		}

	}

	/**
	 * An annotated controller: Spring negotiates the Content-Type of its {@code String}
	 * from {@code Accept} and says nothing of it in {@code Vary}.
	 */
	@RestController
	static class Negotiating {

		@GetMapping("/negotiated")
		ResponseEntity<String> negotiated() {
			return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofSeconds(60))).body("n");
		}

	}

}
