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

package dev.reuseport.cache.coherence;

import dev.reuseport.cache.coherence.CacheCoherenceUnavailableException.Reason;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CacheCoherenceUnavailableFailureAnalyzer}.
 *
 * @author reuseport team
 */
class CacheCoherenceUnavailableFailureAnalyzerTests {

	private final CacheCoherenceUnavailableFailureAnalyzer analyzer = new CacheCoherenceUnavailableFailureAnalyzer();

	@Test
	void missingSpringDataRedisNamesTheDependency() {
		FailureAnalysis analysis = this.analyzer
			.analyze(new IllegalStateException(new CacheCoherenceUnavailableException(Reason.NO_SPRING_DATA_REDIS)));
		assertThat(analysis.getDescription()).contains("Spring Data Redis is not on the class path");
		assertThat(analysis.getAction()).contains("org.springframework.boot:spring-boot-starter-data-redis-reactive")
			.contains("reuseport.cache.redis.enabled");
	}

	@Test
	void missingConnectionFactoryNamesLettuce() {
		FailureAnalysis analysis = this.analyzer
			.analyze(new CacheCoherenceUnavailableException(Reason.NO_LETTUCE_CONNECTION_FACTORY));
		assertThat(analysis.getDescription()).contains("no LettuceConnectionFactory bean");
		assertThat(analysis.getAction()).contains("Lettuce").contains("reuseport.cache.redis.url");
	}

	@Test
	void clusterNamesTheUrlProperty() {
		FailureAnalysis analysis = this.analyzer.analyze(new CacheCoherenceUnavailableException(Reason.CLUSTER));
		assertThat(analysis.getDescription()).contains("Redis Cluster");
		assertThat(analysis.getAction()).contains("reuseport.cache.redis.url");
	}

}
