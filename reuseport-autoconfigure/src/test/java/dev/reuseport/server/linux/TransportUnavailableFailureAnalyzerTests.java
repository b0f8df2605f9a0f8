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

package dev.reuseport.server.linux;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TransportUnavailableFailureAnalyzer}, without starting an application.
 *
 * @author reuseport team
 */
class TransportUnavailableFailureAnalyzerTests {

	@Test
	void namesThePropertyValueTheMissingArtifactAndTheWayOut() {
		TransportUnavailableException cause = new TransportUnavailableException(ReusePortTransport.IO_URING,
				new UnsatisfiedLinkError("no io_uring"));
		FailureAnalysis analysis = new TransportUnavailableFailureAnalyzer()
			.analyze(new BeanCreationException("webServer", cause));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).startsWith("'reuseport.transport' is set to 'io-uring'")
			.contains("no io_uring");
		assertThat(analysis.getAction()).contains("io.netty:netty-transport-native-io_uring")
			.contains("set 'reuseport.transport' to 'auto' or 'nio'");
		assertThat(analysis.getCause()).isSameAs(cause);
	}

}
