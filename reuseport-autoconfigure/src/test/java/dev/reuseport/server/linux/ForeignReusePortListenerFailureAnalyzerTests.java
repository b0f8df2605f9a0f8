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

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.web.server.WebServerException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ForeignReusePortListenerFailureAnalyzer}, without starting an
 * application.
 *
 * @author reuseport team
 */
class ForeignReusePortListenerFailureAnalyzerTests {

	@Test
	void namesThePortAndBothWaysOut() {
		ForeignReusePortListenerException cause = new ForeignReusePortListenerException(8080);
		FailureAnalysis analysis = new ForeignReusePortListenerFailureAnalyzer()
			.analyze(new WebServerException("Unable to start", cause));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).startsWith("Port 8080 is already in use by another process");
		assertThat(analysis.getAction()).contains("'server.port'").contains("'reuseport.allow-shared-port=true'");
	}

	@Test
	void otherFailuresAreNotItsConcern() {
		assertThat(new ForeignReusePortListenerFailureAnalyzer()
			.analyze(new WebServerException("Unable to start", new IllegalStateException()))).isNull();
	}

}
