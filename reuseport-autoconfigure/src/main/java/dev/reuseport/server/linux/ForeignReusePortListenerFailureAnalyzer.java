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

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A {@code FailureAnalyzer} for {@link ForeignReusePortListenerException}.
 *
 * @author reuseport team
 */
class ForeignReusePortListenerFailureAnalyzer extends AbstractFailureAnalyzer<ForeignReusePortListenerException> {

	static final String DESCRIPTION = "Port %d is already in use by another process that listens with SO_REUSEPORT. Starting would silently join its listener group and the kernel would split new connections between it and this application.";

	static final String ACTION = "Stop the process that listens on port %d, or configure this application to listen on another port with 'server.port'. If sharing the port is intended (for example a hand-off from a previous instance of this application), set 'reuseport.allow-shared-port=true'.";

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ForeignReusePortListenerException cause) {
		return new FailureAnalysis(DESCRIPTION.formatted(cause.getPort()), ACTION.formatted(cause.getPort()), cause);
	}

}
