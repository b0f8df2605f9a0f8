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

package dev.reuseport.offload.distributed;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.reuseport.offload.Offload;
import dev.reuseport.testsupport.RedisServer;
import dev.reuseport.testsupport.TestClients;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A WebFlux application with the distributed offload queue on, on a server of its own
 * ("an instance"): {@code /thumbnail} is an {@code @Offload(distributed = true)}
 * controller method that spins for {@code width} microseconds and says which instance and
 * thread ran it, and the {@code flaky} task throws while {@link #FAILING} is set.
 *
 * @author reuseport team
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class QueueApplication {

	static final AtomicBoolean FAILING = new AtomicBoolean();

	/**
	 * Run an instance in a JVM of its own, with the given arguments.
	 * @param arguments the arguments, such as {@code --server.port=18282}
	 */
	public static void main(String[] arguments) {
		new SpringApplicationBuilder(QueueApplication.class, ThumbnailController.class, FlakyTask.class)
			.web(WebApplicationType.REACTIVE)
			.run(arguments);
	}

	static ConfigurableApplicationContext start(RedisServer redis, String application, String threadNamePrefix,
			String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", "reuseport.enabled=false",
				"spring.main.banner-mode=off", "spring.application.name=" + application,
				"spring.data.redis.port=" + redis.getPort(), "reuseport.offload.distributed.enabled=true",
				"reuseport.offload.threads=1", "reuseport.offload.queue-capacity=0",
				"reuseport.offload.thread-name-prefix=" + threadNamePrefix, "reuseport.offload.distributed.lease=2s",
				"management.health.redis.enabled=false", "management.endpoints.web.exposure.include=*",
				"management.endpoint.health.show-details=always"));
		all.addAll(List.of(properties));
		return new SpringApplicationBuilder(QueueApplication.class, ThumbnailController.class, FlakyTask.class)
			.web(WebApplicationType.REACTIVE)
			.properties(all.toArray(String[]::new))
			.run();
	}

	static Mono<Reply> get(ConfigurableApplicationContext context, String path) {
		return send(client(context).get().uri(path));
	}

	static Mono<Reply> postJson(ConfigurableApplicationContext context, String path, String json) {
		return send(client(context).headers((headers) -> headers.set("Content-Type", "application/json"))
			.post()
			.uri(path)
			.send(ByteBufFlux.fromString(Mono.just(json))));
	}

	private static HttpClient client(ConfigurableApplicationContext context) {
		return TestClients.http(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
	}

	private static Mono<Reply> send(HttpClient.ResponseReceiver<?> request) {
		return request.responseSingle((response, body) -> body.asString()
			.defaultIfEmpty("")
			.map((text) -> new Reply(response.status().code(), response.responseHeaders().get("Retry-After"), text)));
	}

	record Reply(int status, String retryAfter, String body) {

	}

	@RestController
	public static class ThumbnailController {

		@GetMapping("/thumbnail")
		@Offload(distributed = true)
		public String thumbnail(@RequestParam String id, @RequestParam int width, TaskContext context) {
			long end = System.nanoTime() + java.util.concurrent.TimeUnit.MICROSECONDS.toNanos(width);
			while (System.nanoTime() < end) {
				Thread.onSpinWait();
			}
			return id + "@" + width + " by " + context.instance() + " on " + Thread.currentThread().getName();
		}

	}

	public static class FlakyTask {

		private final List<String> ran = new java.util.concurrent.CopyOnWriteArrayList<>();

		@Offload(distributed = true, name = "flaky")
		public void run(String id) {
			if (FAILING.get()) {
				throw new IllegalStateException("flaky " + id + " failed");
			}
			this.ran.add(id);
		}

		List<String> ran() {
			return this.ran;
		}

	}

}
