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

package dev.reuseport.autoconfigure;

import java.time.Duration;
import java.util.Map;

import dev.reuseport.server.linux.ReusePortTransport;
import org.junit.jupiter.api.Test;
import reactor.netty.resources.LoopResources;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ReusePortProperties}.
 *
 * @author reuseport team
 */
class ReusePortPropertiesTests {

	private ReusePortProperties bind(String... pairs) {
		Map<String, String> map = new java.util.LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			map.put(pairs[i], pairs[i + 1]);
		}
		return new Binder(new MapConfigurationPropertySource(map)).bindOrCreate("reuseport",
				Bindable.of(ReusePortProperties.class));
	}

	@Test
	void defaults() {
		ReusePortProperties properties = bind();
		assertThat(properties.isEnabled()).isTrue();
		assertThat(properties.getWorkers()).isNull();
		assertThat(properties.determineWorkers()).isEqualTo(LoopResources.DEFAULT_IO_WORKER_COUNT);
		assertThat(properties.getWorkerThreads()).isOne();
		assertThat(properties.getTransport()).isEqualTo(ReusePortTransport.AUTO);
		assertThat(properties.isAllowSharedPort()).isFalse();
		assertThat(properties.getIdleTimeout()).isEqualTo(Duration.ofSeconds(60));
		assertThat(properties.getRequestHeaderTimeout()).isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void defaultWorkersAreReactorNettysDefaultEventLoops() {
		int loops = Math.max(Runtime.getRuntime().availableProcessors(), 4);
		assertThat(ReusePortProperties.defaultWorkers()).isEqualTo(loops);
		assertThat(bind().getScaling().determineMaxWorkers()).isEqualTo(loops);
		assertThat(bind("reuseport.scaling.min-workers", String.valueOf(loops + 2)).getScaling().determineMaxWorkers())
			.isEqualTo(loops + 2);
	}

	@Test
	void ioUringBindsFromKebabCase() {
		assertThat(bind("reuseport.transport", "io-uring").getTransport()).isEqualTo(ReusePortTransport.IO_URING);
	}

	@Test
	void negativeWorkersAreRejected() {
		assertThatExceptionOfType(BindException.class).isThrownBy(() -> bind("reuseport.workers", "-2"))
			.havingRootCause()
			.withMessage("'reuseport.workers' must be between 1 and 256 but was -2");
	}

	@Test
	void absurdlyManyWorkersAreRejected() {
		assertThatExceptionOfType(BindException.class).isThrownBy(() -> bind("reuseport.workers", "100000"))
			.havingRootCause()
			.withMessage("'reuseport.workers' must be between 1 and 256 but was 100000");
	}

	@Test
	void workersThatAreNotANumberAreRejected() {
		assertThatExceptionOfType(BindException.class).isThrownBy(() -> bind("reuseport.workers", "many"))
			.withMessageContaining("reuseport.workers");
	}

	@Test
	void zeroWorkerThreadsAreRejected() {
		assertThatExceptionOfType(BindException.class).isThrownBy(() -> bind("reuseport.worker-threads", "0"))
			.havingRootCause()
			.withMessage("'reuseport.worker-threads' must be between 1 and 256 but was 0");
	}

	@Test
	void negativeRequestHeaderTimeoutIsRejected() {
		assertThatExceptionOfType(BindException.class).isThrownBy(() -> bind("reuseport.request-header-timeout", "-1s"))
			.havingRootCause()
			.withMessage("'reuseport.request-header-timeout' must not be negative but was PT-1S");
	}

}
