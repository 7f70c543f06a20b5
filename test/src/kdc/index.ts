export { setCcacheTimeOffset } from './ccache-time-offset';
export { runKrb5Tool, type ToolResult } from './krb5-tools';
export { MitKdc, type MitKdcOptions } from './mit-kdc';
