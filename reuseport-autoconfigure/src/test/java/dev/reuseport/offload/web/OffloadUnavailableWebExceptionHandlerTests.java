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

package dev.reuseport.offload.web;

import java.time.Duration;

import dev.reuseport.offload.OffloadUnavailableException;
import dev.reuseport.offload.OffloadUnavailableException.Reason;
import org.junit.jupiter.api.Test;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.config.EnableWebFlux;

/**
 * Tests for {@link OffloadUnavailableWebExceptionHandler}, through WebFlux's own request
 * handling without a server.
 *
 * @author reuseport team
 */
class OffloadUnavailableWebExceptionHandlerTests {

	private static final OffloadUnavailableException QUEUE_FULL = new OffloadUnavailableException(Reason.QUEUE_FULL,
			"All 2 threads of 'offload' are busy and its queue of 16 is full");

	private static WebTestClient client(Class<?> controller) {
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		context.register(WebFluxConfiguration.class, controller);
		context.refresh();
		return WebTestClient.bindToApplicationContext(context).build();
	}

	@Test
	void answers503WithRetryAfterAndAProblemBody() {
		client(RejectingController.class).get()
			.uri("/rejected")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectHeader()
			.valueEquals("Retry-After", "2")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(503)
			.jsonPath("$.title")
			.isEqualTo("Service Unavailable")
			.jsonPath("$.detail")
			.isEqualTo(QUEUE_FULL.getMessage())
			.jsonPath("$.instance")
			.isEqualTo("/rejected");
	}

	@Test
	void findsTheRejectionWrappedAsReactorWrapsIt() {
		client(RejectingController.class).get()
			.uri("/wrapped")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
	}

	@Test
	void leavesOtherFailuresToTheErrorHandlers() {
		client(RejectingController.class).get().uri("/other").exchange().expectStatus().is5xxServerError();
		client(RejectingController.class).get().uri("/other").exchange().expectHeader().doesNotExist("Retry-After");
	}

	@Test
	void anExceptionHandlerOfTheApplicationWins() {
		client(HandlingController.class).get()
			.uri("/rejected")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectBody(String.class)
			.isEqualTo("busy: QUEUE_FULL");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebFlux
	static class WebFluxConfiguration {

		@Bean
		OffloadUnavailableWebExceptionHandler offloadUnavailableWebExceptionHandler() {
			return new OffloadUnavailableWebExceptionHandler(Duration.ofMillis(1500));
		}

	}

	@RestController
	static class RejectingController {

		@GetMapping("/rejected")
		Mono<String> rejected() {
			return Mono.error(QUEUE_FULL);
		}

		@GetMapping("/wrapped")
		Mono<String> wrapped() {
			return Mono.error(Exceptions.propagate(new IllegalStateException("rejected", QUEUE_FULL)));
		}

		@GetMapping("/other")
		Mono<String> other() {
			return Mono.error(new IllegalStateException("not an offload failure"));
		}

	}

	@RestController
	static class HandlingController {

		@GetMapping("/rejected")
		Mono<String> rejected() {
			return Mono.error(QUEUE_FULL);
		}

		@ExceptionHandler(OffloadUnavailableException.class)
		ResponseEntity<String> busy(OffloadUnavailableException ex) {
			return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).body("busy: " + ex.getReason());
		}

	}

}
