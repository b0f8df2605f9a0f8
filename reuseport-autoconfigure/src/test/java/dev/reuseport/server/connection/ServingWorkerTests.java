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

package dev.reuseport.server.connection;

import io.netty.channel.DefaultChannelId;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ServingWorker}.
 *
 * @author reuseport team
 */
class ServingWorkerTests {

	@Test
	void connectionSetUpByAWorkerNamesIt() {
		EmbeddedChannel connection = ServedConnections.servedBy(2);
		assertThat(ServingWorker.of(connection)).hasValue(2);
		connection.finishAndReleaseAll();
	}

	@Test
	void streamOfAnHttp2ConnectionNamesTheConnectionsWorker() {
		EmbeddedChannel connection = ServedConnections.servedBy(3);
		EmbeddedChannel stream = new EmbeddedChannel(connection, DefaultChannelId.newInstance(), true, false);
		assertThat(ServingWorker.of(stream)).hasValue(3);
		stream.finishAndReleaseAll();
		connection.finishAndReleaseAll();
	}

	@Test
	void connectionNoWorkerSetUpNamesNone() {
		EmbeddedChannel connection = new EmbeddedChannel();
		assertThat(ServingWorker.of(connection)).isEmpty();
		connection.finishAndReleaseAll();
	}

}
