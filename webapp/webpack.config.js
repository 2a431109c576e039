// Builds the plugin bundle Mattermost loads: dist/main.js.
const path = require('path');

module.exports = (env, argv) => ({
    entry: './src/index.tsx',
    resolve: {
        extensions: ['.ts', '.tsx', '.js', '.json'],
    },
    module: {
        rules: [
            {
                test: /\.tsx?$/,
                exclude: /node_modules/,
                use: {
                    loader: 'ts-loader',

                    // Type errors are reported by `npm run check-types`; the build only transpiles.
                    options: {transpileOnly: true},
                },
            },
        ],
    },

    // The Mattermost web app provides these on window; bundling a second copy would break
    // hooks and context (two Reacts, two react-intl contexts, two stores). JSX compiles to the
    // classic React.createElement (tsconfig "jsx": "react") for the same reason: the bundle
    // carries no copy of react/jsx-runtime tied to one React version.
    externals: {
        react: 'React',
        'react-dom': 'ReactDOM',
        redux: 'Redux',
        'react-redux': 'ReactRedux',
        'prop-types': 'PropTypes',
        'react-intl': 'ReactIntl',
    },
    output: {
        path: path.join(__dirname, 'dist'),
        publicPath: '/',
        filename: 'main.js',
    },
    devtool: argv.mode === 'development' ? 'source-map' : false,
    performance: {hints: false},
});
