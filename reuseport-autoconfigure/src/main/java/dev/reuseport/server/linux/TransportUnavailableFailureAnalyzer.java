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

import java.util.Locale;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A {@code FailureAnalyzer} for {@link TransportUnavailableException}.
 *
 * @author reuseport team
 */
class TransportUnavailableFailureAnalyzer extends AbstractFailureAnalyzer<TransportUnavailableException> {

	static final String DESCRIPTION = "'reuseport.transport' is set to '%s', but the %s transport is not available on %s (%s): %s";

	static final String ACTION = "Add io.netty:netty-transport-native-%s with the classifier of this platform (for example linux-x86_64 or linux-aarch_64) to the runtime classpath, or set 'reuseport.transport' to 'auto' or 'nio'.";

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, TransportUnavailableException cause) {
		String value = cause.getTransport().name().toLowerCase(Locale.ROOT).replace('_', '-');
		String artifact = cause.getTransport().name().toLowerCase(Locale.ROOT);
		String reason = (cause.getCause() != null) ? cause.getCause().toString() : "unknown reason";
		String description = DESCRIPTION.formatted(value, artifact, System.getProperty("os.name"),
				System.getProperty("os.arch"), reason);
		return new FailureAnalysis(description, ACTION.formatted(artifact), cause);
	}

}
