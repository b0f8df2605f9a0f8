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

package dev.reuseport.testsupport;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;

import dev.reuseport.web.WorkerRequests;
import reactor.core.publisher.Mono;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.WebSocketHandler;

/**
 * A small WebFlux application for end-to-end tests: {@code /worker} names the serving
 * thread, {@code /slow} answers after 1.5 s, {@code /big} returns 4 KB of text and
 * {@code /ws} echoes WebSocket messages.
 *
 * @author reuseport team
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class TestApplication {

	public static void main(String[] args) {
		org.springframework.boot.SpringApplication.run(TestApplication.class, args);
	}

	@Bean
	RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.GET("/worker", (request) -> ServerResponse.ok().bodyValue(Thread.currentThread().getName()))
			.GET("/slow", (request) -> Mono.delay(Duration.ofMillis(1500)).then(ServerResponse.ok().bodyValue("slow")))
			.GET("/big", (request) -> ServerResponse.ok().bodyValue("reuseport ".repeat(410)))
			.GET("/context",
					(request) -> Mono.deferContextual((context) -> ServerResponse.ok()
						.bodyValue(workerOf(request) + " " + request.attribute("reuseport.worker").orElse("-") + " "
								+ context.<Object>getOrDefault("reuseport.worker", "-") + " "
								+ org.slf4j.MDC.get("reuseport.worker") + " " + Thread.currentThread().getName())))
			.build();
	}

	private static String workerOf(ServerRequest request) {
		OptionalInt worker = WorkerRequests.workerOf(request.exchange().getRequest());
		return worker.isPresent() ? Integer.toString(worker.getAsInt()) : "-";
	}

	@Bean
	HandlerMapping webSocketMapping() {
		WebSocketHandler echo = (session) -> session
			.send(session.receive().map((message) -> session.textMessage(message.getPayloadAsText())));
		return new SimpleUrlHandlerMapping(Map.of("/ws", echo), -1);
	}

}
