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

package dev.reuseport.server;

import dev.reuseport.server.connection.WorkerMdc;
import dev.reuseport.server.linux.WorkerTransport;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * The classes the server looks up by name at run time, so that a native image keeps them
 * where they are on the class path: the native transports it probes ({@code epoll},
 * {@code io_uring}) and SLF4J's MDC, which carries the worker index.
 *
 * @author reuseport team
 * @since 0.2.0
 */
public final class ReusePortServerRuntimeHints implements RuntimeHintsRegistrar {

	private static final String[] PROBED_CLASSES = { WorkerTransport.EPOLL_CLASS, WorkerTransport.IO_URING_CLASS,
			WorkerMdc.SLF4J_MDC };

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		for (String name : PROBED_CLASSES) {
			hints.reflection().registerTypeIfPresent(classLoader, name, (type) -> {
			});
		}
	}

}
